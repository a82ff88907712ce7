"""A visual inspection report: one self-contained HTML page (no network) of a file's tokens
beside its bytes, built from the public ``iter_inspect`` (PS3.10 §7, PS3.5 §7 as inspection).

``write_report(source, out)`` writes the page: on the left the token tree (sequences and items
folded, a toggle opens them), on the right a hex view; selecting a token highlights its bytes
and scrolls to them, clicking a byte selects the token that holds it. Problems are marked in
both and listed with their offsets; clicking one shows it in both views. Both views are
virtualised (only the rows on screen exist in the page) and values are kept to their first
``VALUE_BYTES`` bytes, the rest elided as a span, so a file of a million elements or of 1 GB
makes a page of tens of MB that stays responsive.
"""

from __future__ import annotations

import base64
import html
import json
import mmap
import os
import zlib
from array import array
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["VALUE_BYTES", "write_report"]

VALUE_BYTES = 32  # bytes of each value shown in the hex view; the rest is elided


def write_report(source: str | os.PathLike[str] | bytes, out: IO[str], title: str = "") -> int:
    """Write the report page of ``source`` (a path or the file's bytes) to the text stream
    ``out``; return the number of problems found (an unopenable path raises ``OSError``)."""
    from . import tables
    from .inspect import Problem, iter_inspect

    with _Bytes(source) as data:
        # numbers in arrays, not lists of ints: a million tokens cost 7 x 8 MB, not 7 x 36
        columns = {key: array("q") for key in _COLUMNS}
        kinds: dict[str, int] = {}
        vrs: dict[str, int] = {}
        names: dict[int, list[str]] = {}
        chunks = _Chunks(data)
        problems: list[list[Any]] = []
        previous = 0
        space = 0  # 0: the file's bytes; 1: the inflated data set after a deflate stream
        for found in iter_inspect(data.view if data.view is not None else source):
            if isinstance(found, Problem):
                problems.append(
                    [found.offset, space, found.kind, found.severity, found.message, found.path]
                )
                continue
            columns_append(columns, found, previous, kinds, vrs)
            previous = found.offset
            if found.tag is not None and found.tag not in names:
                names[found.tag] = _name(tables, found.tag)
            header = max(found.value_offset - found.offset, 0)
            length = found.length or 0
            if found.vr == "SQ" or found.kind == "item" or found.length is None:
                length = 0  # what is inside is tokens of its own
            chunks.add(space, found.offset, header, min(length, VALUE_BYTES), length)
            if found.kind == "deflate stream":
                chunks.inflate(found.offset)
                space, previous = 1, 0  # the offsets that follow count in the inflated data
        title = title or (os.fspath(source) if not isinstance(source, bytes) else "bytes")
        payload = {
            "title": title,
            "size": data.size,
            "columns": "@COLUMNS@",
            "kinds": list(kinds),
            "vrs": list(vrs),
            "names": {str(tag): value for tag, value in names.items()},
            "problems": problems,
            "chunks": chunks.index,
            "valueBytes": VALUE_BYTES,
        }
        out.write(_PAGE_HEAD.replace("{{title}}", html.escape(title)))
        out.write('<script id="data" type="application/json">')
        head, _, tail = (
            json.dumps(payload, separators=(",", ":"))
            .replace("</", "<\\/")
            .partition('"@COLUMNS@"')
        )
        out.write(head + "{")
        for n, key in enumerate(_COLUMNS):
            out.write(("," if n else "") + f'"{key}":[')
            column = columns[key]
            for start in range(0, len(column), 65536):  # written in pieces: no giant string
                out.write(
                    ("," if start else "") + ",".join(map(str, column[start : start + 65536]))
                )
            out.write("]")
        out.write("}" + tail)
        out.write('</script>\n<script id="bytes" type="text/plain">')
        for piece in chunks.encoded():
            out.write(piece)
        out.write("</script>\n<script>" + _SCRIPT + "</script>\n</body></html>\n")
    return len(problems)


_COLUMNS = ("offset", "depth", "kind", "tag", "vr", "length", "value")


def columns_append(
    columns: dict[str, array[int]],
    token: Any,
    previous: int,
    kinds: dict[str, int],
    vrs: dict[str, int],
) -> None:
    """One token as a row of the columns: offsets as deltas (smaller pages), codes for kinds."""
    columns["offset"].append(token.offset - previous)
    columns["depth"].append(token.depth)
    columns["kind"].append(kinds.setdefault(token.kind, len(kinds)))
    columns["tag"].append(-1 if token.tag is None else token.tag)
    columns["vr"].append(vrs.setdefault(token.vr or "", len(vrs)))
    columns["length"].append(-1 if token.length is None else token.length)
    columns["value"].append(token.value_offset - token.offset)


def _name(tables: Any, tag: int) -> list[str]:
    if tables._is_private_group(tag >> 16):
        return ["", "Private Creator" if 0x10 <= tag & 0xFFFF <= 0xFF else "private"]
    entry = tables.standard_entry(tag)
    return [entry.keyword, entry.name] if entry is not None else ["", ""]


class _Bytes:
    """The bytes the offsets point into: a path is memory-mapped (a large value is never read)."""

    def __init__(self, source: Any) -> None:
        self.file: Any = None
        self.mapped: Any = None
        self.view: Any = None
        if isinstance(source, (bytes, bytearray)):
            self.buf: Any = bytes(source)
            self.view = self.buf
        else:
            self.file = open(source, "rb")  # noqa: SIM115 - closed by __exit__
            try:
                self.mapped = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
                self.buf = self.mapped
            except (ValueError, OSError):  # an empty file cannot be mapped
                self.buf = self.view = self.file.read()
        self.size = len(self.buf)

    def __enter__(self) -> _Bytes:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.mapped is not None:
            self.mapped.close()
        if self.file is not None:
            self.file.close()


class _Chunks:
    """The runs of bytes the page shows, merged: each token's header and the first bytes of
    its value; [space, start, length, elided after] rows in ``index``, bytes in ``shown``."""

    def __init__(self, data: _Bytes) -> None:
        self.data = data
        self.inflated: bytes | None = None
        self.index: list[list[int]] = []
        self.shown = bytearray()  # the bytes of the runs, one after the other

    def inflate(self, offset: int) -> None:
        # PS3.5 §A.5: a raw deflate stream (RFC 1951, wbits -15) from there to the end; the
        # inspection's offsets after it count in what it inflates to (as far as it goes).
        try:
            self.inflated = zlib.decompressobj(-zlib.MAX_WBITS).decompress(
                bytes(self.data.buf[offset:])
            )
        except zlib.error:
            self.inflated = b""

    def add(self, space: int, offset: int, header: int, shown: int, length: int = 0) -> None:
        buf = self.data.buf if space == 0 else (self.inflated or b"")
        start, end = offset, min(offset + header + shown, len(buf))
        if end <= start and header + shown > 0:
            return
        elided = max(length - shown, 0)
        last = self.index[-1] if self.index else None
        if last is not None and last[0] == space and start <= last[1] + last[2] and end >= start:
            grow = end - (last[1] + last[2])
            if grow > 0:
                self.shown += buf[last[1] + last[2] : end]
                last[2] += grow
                last[3] = elided
            elif elided:
                last[3] = max(last[3], elided)
            return
        self.index.append([space, start, end - start, elided])
        self.shown += buf[start:end]

    def encoded(self) -> Iterator[str]:
        # base64 in pieces of a multiple of 3 bytes, so that the pieces join into one text
        step = 3 << 16
        for start in range(0, max(len(self.shown), 1), step):
            yield base64.b64encode(self.shown[start : start + step]).decode("ascii")


_PAGE_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{{title}}: dicomconstruct inspect</title>
<style>
body{margin:0;font:13px/18px ui-monospace,Menlo,Consolas,monospace;color:#222;background:#fff}
header{padding:6px 10px;border-bottom:1px solid #ccc;background:#f6f6f6}
header b{font-size:14px}
#problems{max-height:22vh;overflow:auto;border-bottom:1px solid #ccc;margin:0;padding:0}
#problems li{list-style:none;padding:0 10px;cursor:pointer;white-space:nowrap}
#problems li:hover{background:#fde}
#problems li.sel{background:#fbb}
.error{color:#b00}.warning{color:#a60}
main{display:flex;height:calc(100vh - 30px - 22vh)}
.pane{position:relative;overflow:auto;flex:1;border-right:1px solid #ccc}
.spacer{position:relative}
.row{position:absolute;left:0;right:0;height:18px;white-space:pre;padding-left:6px;cursor:default}
.row.sel{background:#cde4ff}
.row .bad{background:#fcc}
.hex span.bad{background:#fcc;outline:1px solid #c00}
.tog{display:inline-block;width:1.2em;cursor:pointer;color:#06c}
.off{color:#888}.tag{color:#05a}.vr{color:#080}.kw{color:#777}
.hex span[data-b]{margin-right:0.6ch}.hex span.sel{background:#9cf}
.hex span.sel.bad{background:#f9a}
.hex .elided{color:#999;font-style:italic}
.hex .addr{color:#888}.hex .gap{margin-right:0.6ch}
</style></head><body>
<header><b>{{title}}</b> <span id="summary"></span></header>
<ul id="problems"></ul>
<main><div class="pane" id="tree"><div class="spacer" id="treeSpace"></div></div>
<div class="pane hex" id="hex"><div class="spacer" id="hexSpace"></div></div></main>
"""

# The page's script: decodes the columns and bytes, then draws only the visible rows.
_SCRIPT = r"""
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const raw = atob(document.getElementById("bytes").textContent.trim());
const BYTES = new Uint8Array(raw.length);
for (let i = 0; i < raw.length; i++) BYTES[i] = raw.charCodeAt(i);
const C = D.columns, N = C.offset.length, ROW = 18;
const off = new Float64Array(N), space = new Uint8Array(N), end = new Int32Array(N);
const deflateKind = D.kinds.indexOf("deflate stream");
let s = 0, acc = 0;
for (let i = 0; i < N; i++) {
  acc += C.offset[i]; off[i] = acc; space[i] = s;
  if (C.kind[i] === deflateKind) { s = 1; acc = 0; }
}
// end[i]: the index after token i's subtree (the following tokens that are deeper)
{ const stack = [];
  for (let i = 0; i < N; i++) {
    while (stack.length && C.depth[stack[stack.length - 1]] >= C.depth[i]) end[stack.pop()] = i;
    stack.push(i);
  }
  while (stack.length) end[stack.pop()] = N; }
const open = new Uint8Array(N);  // 1: the token's subtree is shown
const hasKids = i => end[i] > i + 1;
// chunks: [space, start, length, elided]; where each chunk's bytes start in BYTES
const CH = D.chunks, chunkAt = new Float64Array(CH.length);
{ let p = 0; for (let k = 0; k < CH.length; k++) { chunkAt[k] = p; p += CH[k][2]; } }
// hex rows: [chunk, first byte] for 16-byte rows, or [chunk, -1] for an elided span
const hexRows = [];
for (let k = 0; k < CH.length; k++) {
  const [sp, start, len, elided] = CH[k];
  if (k > 0 && CH[k - 1][0] !== sp) hexRows.push([k, -2]);
  for (let b = start - (start % 16); b < start + len; b += 16) hexRows.push([k, b]);
  const next = CH[k + 1];
  if (elided > 0 || (next && next[0] === sp && next[1] > start + len + 16)) hexRows.push([k, -1]);
}
const problemsAt = new Map();  // "space:offset" -> problem indices
D.problems.forEach((p, n) => { const key = p[1] + ":" + p[0];
  if (!problemsAt.has(key)) problemsAt.set(key, []); problemsAt.get(key).push(n); });
// which token each problem belongs to: the last token starting at or before it (same space)
const problemToken = D.problems.map(p => tokenAt(p[1], p[0]));
const badToken = new Uint8Array(N);
problemToken.forEach(t => { if (t >= 0) badToken[t] = 1; });

function tokenAt(sp, offset) {
  let lo = 0, hi = N - 1, best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (space[mid] < sp || (space[mid] === sp && off[mid] <= offset)) { best = mid; lo = mid + 1; }
    else hi = mid - 1;
  }
  return best;  // tokens come in file order, nested ones after their parent: the deepest
}
function tokenEnd(i) {
  const length = C.length[i] < 0 ? 0 : C.length[i];
  const valueStart = off[i] + C.value[i];
  const kind = D.kinds[C.kind[i]];
  const hasValue = kind !== "item" && D.vrs[C.vr[i]] !== "SQ" && C.length[i] >= 0;
  return hasValue ? valueStart + length : valueStart;
}
// --- the tree ---------------------------------------------------------------------------
let visible = [];
function layoutTree() {
  visible = [];
  for (let i = 0; i < N; ) { visible.push(i); i = (hasKids(i) && !open[i]) ? end[i] : i + 1; }
  document.getElementById("treeSpace").style.height = (visible.length * ROW) + "px";
  drawTree();
}
function hex2(v, w) { return v.toString(16).toUpperCase().padStart(w, "0"); }
function tagText(t) { return t < 0 ? "" : "(" + hex2(Math.floor(t / 65536), 4) + "," + hex2(t % 65536, 4) + ")"; }
function label(i) {
  const kind = D.kinds[C.kind[i]], t = C.tag[i], vr = D.vrs[C.vr[i]];
  const length = C.length[i] < 0 ? "undefined" : String(C.length[i]);
  const name = t >= 0 ? (D.names[t] || ["", ""]) : ["", ""];
  const what = t < 0 ? kind : (kind === "element" ? tagText(t) + " " + vr : tagText(t) + " " + kind);
  return [what, length, name[0] || name[1], name[1]];
}
let selected = -1, selectedProblem = -1;
function drawTree() {
  const pane = document.getElementById("tree"), space_ = document.getElementById("treeSpace");
  const first = Math.max(0, Math.floor(pane.scrollTop / ROW) - 5);
  const last = Math.min(visible.length, first + Math.ceil(pane.clientHeight / ROW) + 10);
  const rows = [];
  for (let r = first; r < last; r++) {
    const i = visible[r], [what, length, name, title] = label(i);
    const tog = hasKids(i) ? (open[i] ? "\u25be" : "\u25b8") : " ";
    rows.push('<div class="row' + (i === selected ? " sel" : "") + '" data-i="' + i +
      '" style="top:' + (r * ROW) + 'px"><span class="off">' + String(off[i]).padStart(9) +
      (space[i] ? "*" : " ") + '</span> ' + "  ".repeat(C.depth[i]) + '<span class="tog">' + tog +
      '</span><span class="tag' + (badToken[i] ? " bad" : "") + '">' + what + '</span>  ' + length +
      '  <span class="kw" title="' + esc(title).replace(/"/g, "&quot;") + '">' + esc(name) +
      '</span></div>');
  }
  space_.innerHTML = rows.join("");
}
function esc(t) { return t.replace(/&/g, "&amp;").replace(/</g, "&lt;"); }
document.getElementById("tree").addEventListener("scroll", drawTree);
document.getElementById("treeSpace").addEventListener("click", e => {
  const row = e.target.closest(".row"); if (!row) return;
  const i = +row.dataset.i;
  if (e.target.classList.contains("tog")) { open[i] = 1 - open[i]; layoutTree(); return; }
  select(i, true, false);
});
function reveal(i) {  // open every ancestor of token i
  let changed = false;
  for (let j = i - 1, depth = C.depth[i]; j >= 0 && depth > 0; j--) {
    if (C.depth[j] < depth) { if (!open[j]) { open[j] = 1; changed = true; } depth = C.depth[j]; }
  }
  if (changed) layoutTree();
}
function select(i, scrollHex, scrollTree) {
  if (i < 0) return;
  selected = i; reveal(i);
  if (scrollTree) { const r = visible.indexOf(i);
    const pane = document.getElementById("tree");
    if (r >= 0 && (r * ROW < pane.scrollTop || r * ROW > pane.scrollTop + pane.clientHeight - ROW))
      pane.scrollTop = Math.max(0, r * ROW - pane.clientHeight / 3); }
  drawTree();
  if (scrollHex) scrollHexTo(space[i], off[i]);
  drawHex();
}
// --- the hex view -------------------------------------------------------------------------
function rowOf(sp, offset) {  // the hex row showing that byte (or the nearest before it)
  let lo = 0, hi = hexRows.length - 1, best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, [k, b] = hexRows[mid], c = CH[k];
    const key = b >= 0 ? b : c[1] + c[2];
    if (c[0] < sp || (c[0] === sp && key <= offset)) { best = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return best;
}
function scrollHexTo(sp, offset) {
  const pane = document.getElementById("hex"), r = rowOf(sp, offset);
  pane.scrollTop = Math.max(0, r * ROW - pane.clientHeight / 3);
}
function byteAt(k, b) {
  const c = CH[k]; if (b < c[1] || b >= c[1] + c[2]) return -1;
  return BYTES[chunkAt[k] + (b - c[1])];
}
function drawHex() {
  const pane = document.getElementById("hex"), space_ = document.getElementById("hexSpace");
  space_.style.height = (hexRows.length * ROW) + "px";
  const first = Math.max(0, Math.floor(pane.scrollTop / ROW) - 5);
  const last = Math.min(hexRows.length, first + Math.ceil(pane.clientHeight / ROW) + 10);
  const sel = selected >= 0 ? [space[selected], off[selected], tokenEnd(selected)] : null;
  const rows = [];
  for (let r = first; r < last; r++) {
    const [k, b] = hexRows[r], c = CH[k];
    let text;
    if (b === -2) text = '<span class="elided">inflated data set (offsets below count in it)</span>';
    else if (b === -1) {
      const from = c[1] + c[2], next = CH[k + 1];
      const to = c[3] > 0 ? from + c[3] : (next ? next[1] : from);
      text = '<span class="elided">\u2026 ' + (to - from) + " bytes (" + from + "\u2013" + to + ") not shown</span>";
    } else {
      let cells = "", chars = "";
      for (let j = 0; j < 16; j++) {
        const at = b + j, v = byteAt(k, at);
        if (v < 0) { cells += '<span class="gap">  </span> '; chars += " "; continue; }
        let cls = problemsAt.has(c[0] + ":" + at) ? "bad" : "";
        if (sel && sel[0] === c[0] && at >= sel[1] && at < sel[2]) cls += " sel";
        cells += '<span data-k="' + k + '" data-b="' + at + '" class="' + cls + '">' + hex2(v, 2) + "</span>";
        chars += v >= 32 && v < 127 ? esc(String.fromCharCode(v)) : ".";
      }
      text = '<span class="addr">' + hex2(b, 8) + "</span>  " + cells + "  |" + chars + "|";
    }
    rows.push('<div class="row" style="top:' + (r * ROW) + 'px">' + text + "</div>");
  }
  space_.innerHTML = rows.join("");
}
document.getElementById("hex").addEventListener("scroll", drawHex);
document.getElementById("hexSpace").addEventListener("click", e => {
  const cell = e.target.closest("span[data-b]"); if (!cell) return;
  select(tokenAt(CH[+cell.dataset.k][0], +cell.dataset.b), false, true);
});
// --- problems -----------------------------------------------------------------------------
const list = document.getElementById("problems"), SHOWN = 5000;
list.innerHTML = D.problems.slice(0, SHOWN).map((p, n) =>
  '<li data-n="' + n + '" class="' + p[3] + '">' + String(p[0]).padStart(9) + (p[1] ? "*" : " ") +
  "  " + esc(p[2]) + ": " + esc(p[4]) + "  <i>in " + esc(p[5]) + "</i></li>").join("") +
  (D.problems.length > SHOWN ? "<li>\u2026 and " + (D.problems.length - SHOWN) + " more</li>" : "");
list.addEventListener("click", e => {
  const li = e.target.closest("li[data-n]"); if (!li) return;
  const n = +li.dataset.n, p = D.problems[n];
  list.querySelectorAll("li.sel").forEach(x => x.classList.remove("sel")); li.classList.add("sel");
  selectedProblem = n;
  select(problemToken[n], false, true);
  scrollHexTo(p[1], p[0]); drawHex();
});
document.getElementById("summary").textContent = N + " tokens, " + D.problems.length +
  " problem(s), " + D.size + " bytes" + (D.problems.length ? "" : ": no problem found");
layoutTree(); drawHex();
"""
