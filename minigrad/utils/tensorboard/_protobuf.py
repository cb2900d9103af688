"""The few Protocol Buffers and TFRecord encodings an event file needs, written out by hand so
that logging needs no TensorBoard or protobuf package (fields in number order, proto3 defaults
left out, as protobuf serialises them)."""
import math
import struct


def varint(n):
    """``n`` (a non-negative int, or a negative int64 as protobuf takes it) as a base-128 varint."""
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def key(number, wire_type):
    return varint(number << 3 | wire_type)


def int_field(number, value):
    """A varint field (int32, int64, enum, bool); nothing for 0."""
    return key(number, 0) + varint(int(value)) if value else b""


def _present(value):
    """Whether protobuf writes a float field: any value but +0.0 (-0.0 has a bit set)."""
    return bool(value) or math.copysign(1.0, value) < 0


def double_field(number, value):
    """A 64-bit float field; nothing for +0.0."""
    return key(number, 1) + struct.pack("<d", value) if _present(value) else b""


def float_field(number, value, always=False):
    """A 32-bit float field; nothing for +0.0 unless ``always`` (a field of a oneof)."""
    return key(number, 5) + struct.pack("<f", value) if always or _present(value) else b""


def bytes_field(number, value):
    """A length-delimited field (bytes, str, an encoded message); nothing when empty."""
    if isinstance(value, str):
        value = value.encode("utf-8")
    return key(number, 2) + varint(len(value)) + value if value else b""


def message_field(number, value):
    """An embedded message, present even when its encoding is empty."""
    return key(number, 2) + varint(len(value)) + value


def packed_doubles(number, values):
    """A packed repeated double field."""
    return bytes_field(number, struct.pack(f"<{len(values)}d", *values))


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli), the checksum of TFRecord framing."""
    c = 0xFFFFFFFF
    for b in data:
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def _masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def record(data):
    """``data`` framed as one TFRecord: length, its masked CRC, the data, its masked CRC."""
    header = struct.pack("<Q", len(data))
    return header + struct.pack("<I", _masked(crc32c(header))) + data + struct.pack("<I", _masked(crc32c(data)))
