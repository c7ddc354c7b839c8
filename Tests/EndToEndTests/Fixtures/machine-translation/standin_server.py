#!/usr/bin/env python3
"""A local stand-in for the HTTP engines tolk translate speaks to, for its tests.

It answers the documented request shapes of LibreTranslate (POST /translate, JSON with q, source,
target, format), DeepL (POST /v2/translate, Authorization: DeepL-Auth-Key …, JSON with text,
source_lang, target_lang, tag_handling) and OpenAI-compatible chat completions (POST
/v1/chat/completions, JSON with model and messages; the answer in choices[0].message.content).
Its "translation" upper-cases the prose and keeps every tag and entity.

Usage: standin_server.py LOG MODE. It binds 127.0.0.1 on a free port and prints the port on its
first line. Each request (path, headers, JSON body) is appended to LOG as one JSON line. MODE:
  good        answer every request
  429-once    answer the first request with 429 and Retry-After: 0, then as good
  500         always answer 500
  hang        never answer (sleep)
  huge        answer with a 10 MB body
"""
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG, MODE = sys.argv[1], sys.argv[2]
TAG = re.compile(r"(<[^>]*>|&[#A-Za-z0-9]+;)")
lock = threading.Lock()
state = {"requests": 0}


def translate(text):
    return "".join(part if TAG.fullmatch(part) else part.upper() for part in TAG.split(text))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with lock:
            state["requests"] += 1
            count = state["requests"]
            with open(LOG, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"path": self.path, "headers": dict(self.headers), "body": body}) + "\n")
        if MODE == "429-once" and count == 1:
            return self.send(429, {"error": "slow down"}, {"Retry-After": "0"})
        if MODE == "500":
            return self.send(500, {"error": "internal"})
        if MODE == "hang":
            time.sleep(60)
            return
        if MODE == "huge":
            return self.send(200, b'{"translatedText": "' + b"A" * (10 << 20) + b'"}')
        if self.path == "/translate":
            return self.send(200, {"translatedText": [translate(q) for q in body["q"]]})
        if self.path == "/v2/translate":
            if not self.headers.get("Authorization", "").startswith("DeepL-Auth-Key "):
                return self.send(403, {"message": "Forbidden"})
            return self.send(200, {"translations": [{"detected_source_language": body.get("source_lang", "EN"), "text": translate(t)} for t in body["text"]]})
        if self.path == "/v1/chat/completions":
            user = [m["content"] for m in body["messages"] if m["role"] == "user"][0]
            return self.send(200, {"id": "x", "object": "chat.completion", "model": body["model"],
                                   "choices": [{"index": 0, "message": {"role": "assistant", "content": translate(user)}, "finish_reason": "stop"}]})
        self.send(404, {"error": "no such endpoint"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
