"""PyTorch parity tests: every op of the contract against torch (CPU)."""
