"""Reading editor files (Markdown with front matter, YAML data) with positions.

python-frontmatter is lenient: a ``---`` block that is never closed, or one
that holds a list, silently becomes "no metadata". Editors need to be told, at
the right line, so we split and compose the YAML ourselves and keep every
node's position for later messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems
from .text import is_nfc, nfc

Key = tuple[str | int, ...]

_FENCE = re.compile(r"^---[ \t]*$")
_END_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass
class YamlDoc:
    """Parsed YAML plus the 1-based (line, col) of every key and value."""

    path: Path
    data: Any
    key_pos: dict[Key, tuple[int, int]] = field(default_factory=dict)
    value_pos: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def pos(self, key: Key) -> tuple[int, int]:
        """Best position for a value: the value itself, else its key, else its parent."""
        while True:
            if key in self.value_pos:
                return self.value_pos[key]
            if key in self.key_pos:
                return self.key_pos[key]
            if not key:
                return (1, 1)
            key = key[:-1]

    def kpos(self, key: Key) -> tuple[int, int]:
        return self.key_pos.get(key) or self.pos(key)


@dataclass
class SourceDoc:
    """A Markdown page: its NFC text, front matter and body."""

    path: Path
    text: str
    meta: YamlDoc
    body: str
    body_line: int  # 1-based line where the body starts
    has_front_matter: bool


def read_text(path: Path, problems: Problems) -> str | None:
    """Read UTF-8 text (BOM allowed); report non-UTF-8 and NFD at their line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(path, f"không đọc được tệp: {exc.strerror}")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(
            path,
            f"tệp không phải UTF-8 (byte 0x{raw[exc.start]:02x}); hãy lưu lại với bảng mã UTF-8",
            line,
            col,
        )
        return None
    text = text.replace("\r\n", "\n")
    if not is_nfc(text):
        for number, line_text in enumerate(text.split("\n"), 1):
            if not is_nfc(line_text):
                problems.warning(
                    path,
                    "chữ Việt ở dạng tổ hợp (NFD); bản dựng dùng dạng dựng sẵn (NFC). "
                    "Hãy lưu lại tệp ở dạng NFC",
                    number,
                    1,
                )
                break
        text = nfc(text)
    return text


#: Deepest nesting of lists and mappings accepted in any editor's YAML. Real front
#: matter and data files nest four levels; 600 nested ``[`` used to end in a RecursionError.
MAX_DEPTH = 32

_ALIAS = "aliases are not allowed"
_TOO_DEEP = "nesting too deep"


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases and with bounded nesting.

    An alias (``*name``) lets a few lines expand to gigabytes (the "billion laughs"
    bomb took 36 s and 2.9 GB); editors never need one, so they are refused at the
    alias. Depth is bounded so that the recursive composer cannot overflow.
    """

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, _ALIAS, mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, _TOO_DEEP, mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of one YAML document, through :class:`StrictLoader`.

    Raises ``yaml.YAMLError`` (marked where possible) for syntax errors, aliases
    and excessive nesting.
    """
    loader = StrictLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def yaml_error(path: Path, exc: yaml.YAMLError, problems: Problems, line_offset: int = 0) -> None:
    """Report a YAML error in Vietnamese at its line."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        col = (mark.column + 1) if mark else 1
        problem = (exc.problem or exc.context or "cú pháp sai").strip()
        problems.error(path, f"YAML sai cú pháp: {_vi_yaml(problem)}", line, col)
    else:
        problems.error(path, f"YAML sai cú pháp: {_vi_yaml(str(exc))}", line_offset + 1, 1)


def duplicate_keys(path: Path, node: yaml.Node | None, problems: Problems, offset: int = 0) -> int:
    """Report every key written twice in one mapping, with both lines; return how many.

    PyYAML keeps the last value silently, so a second ``status: approved`` after
    ``status: draft`` used to publish a draft.
    """
    found = 0
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for k_node, v_node in current.value:
                if isinstance(k_node, yaml.ScalarNode):
                    first = seen.get(k_node.value)
                    if first is not None:
                        found += 1
                        line1 = first.start_mark.line + 1 + offset
                        line2 = k_node.start_mark.line + 1 + offset
                        problems.error(
                            path,
                            f"khóa '{k_node.value}' bị viết hai lần (dòng {line1} và dòng "
                            f"{line2}); hãy xóa một dòng",
                            line2,
                            k_node.start_mark.column + 1,
                        )
                    else:
                        seen[k_node.value] = k_node
                stack.append(k_node)
                stack.append(v_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return found


def parse_yaml(path: Path, text: str, problems: Problems, line_offset: int = 0) -> YamlDoc | None:
    """Parse YAML, reporting syntax errors at their line; None if unreadable.

    Duplicate keys are reported (both lines) and the document is still returned, so
    that its other mistakes are listed too; the error alone fails the build.
    """
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        duplicate_keys(path, node, problems, line_offset)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        yaml_error(path, exc, problems, line_offset)
        return None
    except (ValueError, OverflowError) as exc:  # e.g. a date 2020-02-30 in ISO form
        problems.error(path, f"YAML có giá trị không hợp lệ ({exc})", line_offset + 1, 1)
        return None
    finally:
        loader.dispose()
    doc = YamlDoc(path, data)
    if node is not None:
        _walk(node, (), doc, line_offset)
    return doc


_YAML_MESSAGES = {
    "mapping values are not allowed here": "không được đặt 'khóa: giá trị' ở đây (thiếu dấu cách hoặc ngoặc kép?)",
    "could not find expected ':'": "thiếu dấu ':' sau tên khóa",
    "found character '\\t' that cannot start any token": "không được dùng phím Tab để thụt lề",
    "found unexpected end of stream": "tệp kết thúc khi chưa đóng ngoặc kép hoặc ngoặc",
    "did not find expected key": "thụt lề không khớp (thiếu khóa hoặc sai số dấu cách)",
    "found undefined alias": "tham chiếu (*alias) không tồn tại",
    _ALIAS: "không được dùng neo và tham chiếu YAML (&tên, *tên); hãy viết đầy đủ giá trị",
    _TOO_DEEP: f"các danh sách/bảng lồng nhau quá sâu (quá {MAX_DEPTH} cấp)",
    "expected ',' or ']'": "danh sách '[...]' chưa đóng hoặc thiếu dấu phẩy",
    "expected ',' or '}'": "bảng '{...}' chưa đóng hoặc thiếu dấu phẩy",
    "found duplicate anchor": "trùng tên neo (&anchor)",
    "expected <block end>": "thụt lề không khớp với các dòng phía trên",
    "found unknown escape character": "ký tự thoát (\\) không hợp lệ trong ngoặc kép",
}


def _vi_yaml(problem: str) -> str:
    for english, vietnamese in _YAML_MESSAGES.items():
        if problem.startswith(english):
            return vietnamese
    return f"không đọc được ({problem})"


def _walk(node: yaml.Node, key: Key, doc: YamlDoc, offset: int) -> None:
    doc.value_pos[key] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for k_node, v_node in node.value:
            k = k_node.value if isinstance(k_node, yaml.ScalarNode) else str(k_node.start_mark)
            child = (*key, k)
            doc.key_pos[child] = (k_node.start_mark.line + 1 + offset, k_node.start_mark.column + 1)
            _walk(v_node, child, doc, offset)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*key, i), doc, offset)


def split_front_matter(path: Path, text: str, problems: Problems) -> SourceDoc | None:
    """Split ``---`` front matter from the body; report unclosed or non-mapping blocks."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return SourceDoc(path, text, YamlDoc(path, {}), text, 1, False)
    for end in range(1, len(lines)):
        if _END_FENCE.match(lines[end]):
            break
    else:
        problems.error(
            path,
            "khối front matter mở bằng '---' ở dòng 1 nhưng không có dòng '---' đóng lại",
            1,
            1,
        )
        return None
    yaml_text = "\n".join(lines[1:end])
    meta = parse_yaml(path, yaml_text, problems, line_offset=1)
    if meta is None:
        return None
    if meta.data is None:
        meta.data = {}
    if not isinstance(meta.data, dict):
        kind = "danh sách" if isinstance(meta.data, list) else type(meta.data).__name__
        line, col = meta.pos(())
        problems.error(
            path,
            f"front matter phải là các cặp 'khóa: giá trị', không phải {kind}",
            line,
            col,
        )
        return None
    body = "\n".join(lines[end + 1 :])
    return SourceDoc(path, text, meta, body, end + 2, True)


def read_markdown(path: Path, problems: Problems) -> SourceDoc | None:
    text = read_text(path, problems)
    if text is None:
        return None
    return split_front_matter(path, text, problems)


def read_yaml_file(path: Path, problems: Problems) -> YamlDoc | None:
    text = read_text(path, problems)
    if text is None:
        return None
    return parse_yaml(path, text, problems)
