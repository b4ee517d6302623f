#!/usr/bin/env python3
"""Pipeline stage 2: RECVs parsed tasks, answers each, and SENDs {"task", "answer", "by"} to
the agent named verifier. It asks the kernel's LLM (THINK) when a provider is configured;
otherwise (offline) it answers with a deterministic rule."""
import re

from pipeline_common import agent, recv_one, send

k = agent("reasoner")
use_llm = None  # decided by the first THINK: a provider answers, none gives an error


def rule(t):
    return {"+": t["a"] + t["b"], "-": t["a"] - t["b"], "*": t["a"] * t["b"]}[t["op"]]


while True:
    task = recv_one(k)
    if task is None or "done" in task:
        send(k, "verifier", task or {"done": 0})
        break
    answer, by = None, "rule"
    if use_llm is not False:
        r = k.think(f"Compute {task['a']} {task['op']} {task['b']}. Reply with the number only.")
        use_llm = bool(r.get("success"))
        m = re.search(r"-?\d+", r.get("content") or "") if use_llm else None
        if m:
            answer, by = int(m.group(0)), "think"
        elif not use_llm:
            print(f"reasoner: no LLM provider ({r.get('error')}): using the deterministic rule", flush=True)
    if answer is None:
        answer = rule(task)
    print(f"reasoner: #{task['id']} {task['a']} {task['op']} {task['b']} = {answer} (by {by})", flush=True)
    send(k, "verifier", {"task": task, "answer": answer, "by": by})
