#!/usr/bin/env python3
"""Writes the load-test bodies: a typical agent request and the canned vendor answers.

The request has 20 tools, about 40 messages with tool-call history whose ids need the
canonical rewrite, and is about 60 KB, like an IDE agent's turn. The answers are a
non-streaming tool call and the same call as an SSE stream.
"""
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)


def tool(i):
    properties = {
        "path": {"type": "string", "description": "Path of the file, relative to the workspace root. " * 3},
        "start_line": {"type": "integer", "minimum": 1},
        "end_line": {"type": "integer", "minimum": 1},
        "mode": {"type": "string", "enum": ["read", "write", "append", "patch"]},
        "recursive": {"type": "boolean"},
        "pattern": {"type": "string", "pattern": "^[\\w./*-]+$"},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 8},
        "options": {
            "type": "object",
            "properties": {"timeout_ms": {"type": "integer"}, "encoding": {"type": "string"}},
            "additionalProperties": False,
        },
    }
    return {
        "type": "function",
        "function": {
            "name": f"tool_{i:02d}",
            "description": f"Tool number {i} of the agent. " + "It works on files of the workspace. " * 6,
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": ["path"],
                "additionalProperties": False,
            },
        },
    }


tools = [tool(i) for i in range(20)]
messages = [{"role": "system", "content": "You are a coding agent. " * 40}]
call = 0
while len(messages) < 40:
    messages.append({"role": "user", "content": "Please look at the next file and summarise it. " * 6})
    name = f"tool_{call % 20:02d}"
    messages.append({
        "role": "assistant",
        "content": "",
        "tool_calls": [{
            "id": f"call_{call:04d}abcdef",
            "type": "function",
            "function": {"name": name, "arguments": json.dumps({"path": f"src/file_{call}.cs", "start_line": 1})},
        }],
    })
    messages.append({"role": "tool", "tool_call_id": f"call_{call:04d}abcdef", "content": "namespace Demo; class C { } // " * 12})
    call += 1

request = {"model": "kimi-k2-0905-preview", "messages": messages, "tools": tools, "temperature": 0.6}
body = json.dumps(request)
pad = 60_000 - len(body)
if pad > 0:
    messages[0]["content"] += " " * pad
with open(os.path.join(out, "request.json"), "w") as f:
    json.dump(request, f)
request["stream"] = True
request["stream_options"] = {"include_usage": True}
with open(os.path.join(out, "request-stream.json"), "w") as f:
    json.dump(request, f)

arguments = json.dumps({"path": "src/Program.cs", "start_line": 1, "end_line": 40, "mode": "read"})
next_id = f"functions.tool_03:{call}"
completion = {
    "id": "chatcmpl-load", "object": "chat.completion", "created": 1760000000, "model": "kimi-k2-0905-preview",
    "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
        "role": "assistant", "content": "",
        "tool_calls": [{"id": next_id, "type": "function", "function": {"name": "tool_03", "arguments": arguments}}]}}],
    "usage": {"prompt_tokens": 15000, "completion_tokens": 40, "total_tokens": 15040},
}
with open(os.path.join(out, "completion.json"), "w") as f:
    json.dump(completion, f)


def chunk(delta, finish=None):
    return "data: " + json.dumps({
        "id": "chatcmpl-load", "object": "chat.completion.chunk", "created": 1760000000,
        "model": "kimi-k2-0905-preview",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}) + "\n\n"


events = [chunk({"role": "assistant", "content": ""})]
events.append(chunk({"tool_calls": [{"index": 0, "id": next_id, "type": "function",
                                     "function": {"name": "tool_03", "arguments": ""}}]}))
for i in range(0, len(arguments), 4):
    events.append(chunk({"tool_calls": [{"index": 0, "function": {"arguments": arguments[i:i + 4]}}]}))
events.append(chunk({}, "tool_calls"))
events.append("data: " + json.dumps({"id": "chatcmpl-load", "object": "chat.completion.chunk", "created": 1760000000,
                                     "model": "kimi-k2-0905-preview", "choices": [],
                                     "usage": completion["usage"]}) + "\n\n")
events.append("data: [DONE]\n\n")
with open(os.path.join(out, "completion.sse"), "w") as f:
    f.write("".join(events))
print(f"request {len(body)} bytes, {len(messages)} messages, {len(tools)} tools, {len(events)} SSE events")
