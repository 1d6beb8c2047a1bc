#!/usr/bin/env python3
"""Checks that an S3 API server really works: SigV4-signed create bucket, put, get, delete, delete bucket.

Usage: s3probe.py ENDPOINT ACCESS_KEY SECRET_KEY REGION
Exit 0 when every step succeeds and the object reads back unchanged; otherwise prints the failing step and
exits 1. Standard library only, so it runs on any python3.
"""
import datetime
import hashlib
import hmac
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signed_request(endpoint, access_key, secret_key, region, method, path, body=b""):
    url = urllib.parse.urlsplit(endpoint)
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = now.strftime("%Y%m%d")
    payload_hash = hashlib.sha256(body).hexdigest()
    headers = {"host": url.netloc, "x-amz-content-sha256": payload_hash, "x-amz-date": amz_date}
    signed = ";".join(sorted(headers))
    canonical = "\n".join([
        method,
        urllib.parse.quote(path, safe="/-_.~"),
        "",
        "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)),
        signed,
        payload_hash,
    ])
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(_hmac(("AWS4" + secret_key).encode(), day), region), "s3"), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={signed}, Signature={signature}"
    )
    request = urllib.request.Request(endpoint.rstrip("/") + path, data=body or None, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    endpoint, access_key, secret_key, region = argv[1:]
    bucket = f"/atdata-probe-{uuid.uuid4().hex[:12]}"
    body = b"atdata s3 probe"
    steps = [
        ("create bucket", "PUT", bucket, b""),
        ("put object", "PUT", bucket + "/probe.bin", body),
        ("get object", "GET", bucket + "/probe.bin", b""),
        ("delete object", "DELETE", bucket + "/probe.bin", b""),
        ("delete bucket", "DELETE", bucket, b""),
    ]
    for name, method, path, data in steps:
        try:
            _, content = signed_request(endpoint, access_key, secret_key, region, method, path, data)
        except (urllib.error.URLError, OSError) as error:
            detail = error.read().decode(errors="replace")[:300] if isinstance(error, urllib.error.HTTPError) else ""
            print(f"s3 probe: {name} {path} failed: {error} {detail}".rstrip(), file=sys.stderr)
            return 1
        if method == "GET" and content != body:
            print(f"s3 probe: {path} read back {content!r}, expected {body!r}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
