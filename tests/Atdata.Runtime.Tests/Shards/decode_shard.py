#!/usr/bin/env python3
"""Decode WebDataset-style tar shards with Python's own tarfile, msgpack and numpy; print JSON.

Used by PythonInteropTests: the shards are written by Atdata for .NET and every value is compared in C#.

Usage: decode_shard.py --arrays FIELD[,FIELD...] SHARD [SHARD...]

Output: {"shards": [{"path", "members": [...], "samples": [{"key", "suffixes", "sample"}]}]}
Values: str, int, bool and None as JSON; floats as {"$float": repr}; bytes as {"$bytes": hex};
array fields as {"$ndarray": {"dtype", "shape", "values"}} decoded with numpy.
"""
import io
import json
import re
import sys
import tarfile

import msgpack
import numpy as np

# webdataset's base_plus_ext: key up to the first '.' of the last path component, suffix lower-cased.
NAME = re.compile(r"^((?:.*/|)[^.]+)[.]([^/]*)$")


def decode_array(payload):
    """The compact array payload (interop spec 1.4), or a legacy .npy file."""
    if payload[:6] == b"\x93NUMPY":
        return np.load(io.BytesIO(payload), allow_pickle=False)
    dtype_length = payload[0]
    dtype = payload[1:1 + dtype_length].decode("ascii")
    ndim = payload[1 + dtype_length]
    offset = 2 + dtype_length
    shape = tuple(
        int.from_bytes(payload[offset + 8 * i:offset + 8 * i + 8], "little", signed=True) for i in range(ndim)
    )
    data = payload[offset + 8 * ndim:]
    return np.frombuffer(data, dtype=np.dtype(dtype)).reshape(shape)


def to_json(value, arrays, field=None):
    if field in arrays and isinstance(value, bytes):
        array = decode_array(value)
        values = [repr(float(v)) if array.dtype.kind == "f" else v for v in array.ravel().tolist()]
        return {"$ndarray": {"dtype": array.dtype.str, "shape": list(array.shape), "values": values}}
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, float):
        return {"$float": repr(value)}
    if isinstance(value, dict):
        return {key: to_json(item, arrays, key) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json(item, arrays) for item in value]
    return value


def read_shard(path, arrays):
    members = []
    samples = []
    current = None
    with tarfile.open(path, "r|*") as tar:
        for info in tar:
            members.append({
                "name": info.name, "size": info.size, "mode": info.mode, "type": info.type.decode("latin-1"),
                "mtime": info.mtime, "uid": info.uid, "gid": info.gid, "uname": info.uname, "gname": info.gname,
            })
            if not info.isreg():
                continue
            match = NAME.match(info.name)
            if match is None:
                continue
            key, suffix = match.group(1), match.group(2).lower()
            data = tar.extractfile(info).read()
            if current is None or current["key"] != key:
                current = {"key": key, "members": {}}
                samples.append(current)
            if suffix in current["members"]:
                raise ValueError(f"{info.name}: duplicate file name in tar file {suffix}")
            current["members"][suffix] = data
    decoded = []
    for sample in samples:
        value = msgpack.unpackb(sample["members"]["msgpack"], raw=False)
        decoded.append({"key": sample["key"], "suffixes": sorted(sample["members"]), "sample": to_json(value, arrays)})
    return {"path": path, "members": members, "samples": decoded}


def main(argv):
    if len(argv) < 3 or argv[0] != "--arrays":
        print(__doc__, file=sys.stderr)
        return 2
    arrays = set(filter(None, argv[1].split(",")))
    result = {"shards": [read_shard(path, arrays) for path in argv[2:]]}
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
