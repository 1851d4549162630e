#!/usr/bin/python3
"""Container healthcheck: succeed when the URL answers (any HTTP status < 500).

Jupyter's /api answers without a token; TensorBoard's /data/environment too.
"""
import sys
import urllib.error
import urllib.request

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8888/api"
try:
    with urllib.request.urlopen(url, timeout=2) as response:
        sys.exit(0 if response.status < 500 else 1)
except urllib.error.HTTPError as err:
    sys.exit(0 if err.code < 500 else 1)
except Exception:
    sys.exit(1)
