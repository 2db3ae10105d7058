"""scripted_model.py — a stand-in for the Anthropic Messages API and OpenAI's Responses API on 127.0.0.1, for driving
the real Claude Code and Codex CLIs offline: POST /v1/messages and POST /v1/responses answered from a script (JSON,
or server-sent events when the request streams), every request recorded.

The script is a Python callable `step(turn, request)` for the agent's own conversation (the requests that carry
tools): `turn` counts the assistant turns already in the request's messages, and it returns a list of content
blocks — {"type": "text", "text": …} or {"type": "tool_use", "name": …, "input": {…}} (ids are filled in). Any
other request (a title, a summary, a quota probe) gets a short text. For the Responses API (Codex) `turn` counts the
function calls and assistant messages already in the request's input, a text block becomes an assistant message and
a tool block a function_call (Codex's shell is `exec_command` with `{"cmd": …}`). Runs in a thread of the test
process.
"""
import http.server
import itertools
import json
import threading

_ids = itertools.count(1)


def _tool_id():
    return "toolu_%06d" % next(_ids)


def text(s):
    return {"type": "text", "text": s}


def tool(name, **inputs):
    return {"type": "tool_use", "name": name, "input": inputs}


def assistant_turns(request):
    return sum(1 for m in request.get("messages", []) if m.get("role") == "assistant")


def request_text(request):
    """Every text the request carries (system prompt, messages, tool results) as one string, for assertions."""
    out = []

    def walk(x):
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, list):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            for k, v in x.items():
                if k in ("text", "content", "system") or isinstance(v, (list, dict)):
                    walk(v)
    walk(request.get("system"))
    walk(request.get("messages"))
    return "\n".join(out)


class ScriptedModel:
    def __init__(self, step):
        self.step = step
        self.requests = []  # (path, request) of every POST, in order
        self.lock = threading.Lock()
        model = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):
                body = b"{}"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    request = json.loads(raw or b"{}")
                except ValueError:
                    request = {}
                path = self.path.split("?")[0]
                with model.lock:
                    model.requests.append((path, request))
                if path.endswith("/count_tokens"):
                    return self.json({"input_tokens": 100})
                if path.endswith("/responses"):
                    return self.answer_responses(request)
                if not path.endswith("/v1/messages"):
                    return self.json({})
                if request.get("tools"):
                    try:
                        blocks = model.step(assistant_turns(request), request)
                    except Exception as e:  # a script error is the test's failure, not a hung agent
                        blocks = [text("script error: %r" % e)]
                else:
                    blocks = [text("Progress work")]
                for b in blocks:
                    if b["type"] == "tool_use":
                        b.setdefault("id", _tool_id())
                stop = "tool_use" if any(b["type"] == "tool_use" for b in blocks) else "end_turn"
                message = {"id": "msg_%06d" % next(_ids), "type": "message", "role": "assistant",
                           "model": request.get("model", "claude-scripted"), "content": blocks,
                           "stop_reason": stop, "stop_sequence": None,
                           "usage": {"input_tokens": 100, "output_tokens": 10}}
                if request.get("stream"):
                    self.stream(message)
                else:
                    self.json(message)

            def json(self, obj):
                body = json.dumps(obj).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def answer_responses(self, request):
                items = request.get("input", [])
                turn = sum(1 for i in items if isinstance(i, dict) and (i.get("type") == "function_call" or (
                    i.get("type") == "message" and i.get("role") == "assistant")))
                try:
                    blocks = model.step(turn, request)
                except Exception as e:
                    blocks = [text("script error: %r" % e)]
                out = []
                for b in blocks:
                    n = next(_ids)
                    if b["type"] == "text":
                        out.append({"type": "message", "role": "assistant", "id": "msg_%06d" % n,
                                    "content": [{"type": "output_text", "text": b["text"]}]})
                    else:
                        out.append({"type": "function_call", "id": "fc_%06d" % n, "call_id": "call_%06d" % n,
                                    "name": b["name"], "arguments": json.dumps(b["input"])})
                rid = "resp_%06d" % next(_ids)
                events = [("response.created", {"type": "response.created", "response": {"id": rid}})]
                for k, item in enumerate(out):
                    events.append(("response.output_item.done", {"type": "response.output_item.done",
                                                                 "output_index": k, "item": item}))
                events.append(("response.completed", {"type": "response.completed", "response": {"id": rid, "usage": {
                    "input_tokens": 100, "input_tokens_details": None, "output_tokens": 10,
                    "output_tokens_details": None, "total_tokens": 110}}}))
                self.sse(events)

            def sse(self, events):
                body = "".join("event: %s\ndata: %s\n\n" % (name, json.dumps(data)) for name, data in events).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def stream(self, message):
                events = []
                head = dict(message, content=[], stop_reason=None)
                events.append(("message_start", {"type": "message_start", "message": head}))
                for i, b in enumerate(message["content"]):
                    if b["type"] == "text":
                        events.append(("content_block_start", {"type": "content_block_start", "index": i,
                                                               "content_block": {"type": "text", "text": ""}}))
                        events.append(("content_block_delta", {"type": "content_block_delta", "index": i,
                                                               "delta": {"type": "text_delta", "text": b["text"]}}))
                    else:
                        start = {"type": "tool_use", "id": b["id"], "name": b["name"], "input": {}}
                        events.append(("content_block_start", {"type": "content_block_start", "index": i,
                                                               "content_block": start}))
                        events.append(("content_block_delta", {"type": "content_block_delta", "index": i, "delta": {
                            "type": "input_json_delta", "partial_json": json.dumps(b["input"])}}))
                    events.append(("content_block_stop", {"type": "content_block_stop", "index": i}))
                events.append(("message_delta", {"type": "message_delta", "delta": {
                    "stop_reason": message["stop_reason"], "stop_sequence": None}, "usage": {"output_tokens": 10}}))
                events.append(("message_stop", {"type": "message_stop"}))
                self.sse(events)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def conversation(self):
        """The agent's own requests (Claude Code: those with tools; Codex: every Responses request), in order."""
        with self.lock:
            return [r for p, r in self.requests if (p.endswith("/v1/messages") and r.get("tools"))
                    or p.endswith("/responses")]
