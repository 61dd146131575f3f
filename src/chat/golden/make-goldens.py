"""Renders qwen3-conversations.json with Python jinja2 set up as Hugging Face's apply_chat_template
does, with the Qwen3 template (-> qwen3-goldens.json) and with the reference Nemotron-3-Nano-style
template of Cascade-2 from shared/templates (-> cascade-v2-goldens.json). Run once by hand (python3 with jinja2); the output is committed,
and Cascade's tests compare its own rendering against it. Not a runtime or test dependency."""
import json
import pathlib

from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

here = pathlib.Path(__file__).parent
template_ts = (here.parent / "templates" / "qwen3.ts").read_text()
template = json.loads(template_ts[template_ts.index("= ") + 2 : template_ts.rindex(";")])


def raise_exception(message):
    raise RuntimeError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception


def render_all(template_text, output_name, family):
    compiled = env.from_string(template_text)
    cases = json.loads((here / "qwen3-conversations.json").read_text())
    out = []
    for case in cases:
        if family in case.get("skip_template", {}):
            continue
        kwargs = {"messages": case["messages"], "add_generation_prompt": case.get("add_generation_prompt", False)}
        if "tools" in case:
            kwargs["tools"] = case["tools"]
        if "enable_thinking" in case:
            kwargs["enable_thinking"] = case["enable_thinking"]
        # A null content renders as the empty string (HF passes message dicts through as they are).
        for m in kwargs["messages"]:
            if m.get("content") is None:
                m["content"] = ""
        out.append({"name": case["name"], "expected": compiled.render(**kwargs)})
    (here / output_name).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {len(out)} goldens to {output_name}")


render_all(template, "qwen3-goldens.json", "qwen3")
nemotron = here.parents[3] / "shared" / "templates" / "nemotron3-nano-style.chat_template.UNVERIFIED.jinja"
render_all(nemotron.read_text(), "cascade-v2-goldens.json", "cascade-v2")
