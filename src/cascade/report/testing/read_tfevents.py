"""Independent minimal reader of TensorBoard event files, used by tensorboard.test.ts when python3 exists.

Stdlib only: checks both masked CRC-32C checksums of every TFRecord (bitwise CRC, not the writer's table)
and decodes the Event/Summary/Value protobuf fields generically. Prints the events as JSON.
"""
import json
import struct
import sys


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def fields(buf):
    """Yield (field number, wire type, value) for every field of a protobuf message."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            length, i = varint(buf, i)
            value, i = buf[i:i + length], i + length
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, wire, value


def varint(buf, i):
    shift = result = 0
    while True:
        byte = buf[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def decode_event(data):
    event = {"values": []}
    for number, wire, value in fields(data):
        if number == 1 and wire == 1:
            event["wall_time"] = struct.unpack("<d", value)[0]
        elif number == 2 and wire == 0:
            event["step"] = value - (1 << 64) if value >= 1 << 63 else value
        elif number == 3 and wire == 2:
            event["file_version"] = value.decode("utf-8")
        elif number == 5 and wire == 2:
            for n, w, entry in fields(value):
                if n == 1 and w == 2:
                    item = {}
                    for vn, vw, v in fields(entry):
                        if vn == 1 and vw == 2:
                            item["tag"] = v.decode("utf-8")
                        elif vn == 2 and vw == 5:
                            item["simple_value"] = struct.unpack("<f", v)[0]
                    event["values"].append(item)
    return event


def read(path):
    with open(path, "rb") as handle:
        blob = handle.read()
    events, i = [], 0
    while i < len(blob):
        header = blob[i:i + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", blob[i + 8:i + 12])
        if masked(crc32c(header)) != length_crc:
            raise ValueError("bad length crc at byte %d" % i)
        data = blob[i + 12:i + 12 + length]
        (data_crc,) = struct.unpack("<I", blob[i + 12 + length:i + 16 + length])
        if masked(crc32c(data)) != data_crc:
            raise ValueError("bad data crc at byte %d" % i)
        events.append(decode_event(data))
        i += 16 + length
    return events


if __name__ == "__main__":
    json.dump(read(sys.argv[1]), sys.stdout)
