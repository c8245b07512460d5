"""Console rows: made cheaply from console entries, and showing what the entries say."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.console import ConsoleEntry, format_value
from ui.console_model import VALUE_LIMIT, ConsoleModel, ConsoleRow, _clip, format_time

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.text(min_size=VALUE_LIMIT - 2, max_size=VALUE_LIMIT + 2, alphabet="ab"),
    st.binary(max_size=40),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=8,
)


def text_the_long_way(args: tuple[Any, ...]) -> str:
    """What a row showed before rows kept short arguments as they are: every argument
    shortened, then formatted."""
    return " ".join(format_value(_clip(arg), limit=VALUE_LIMIT) for arg in args)


@settings(max_examples=300, deadline=None)
@given(st.lists(values, min_size=1, max_size=3))
def test_a_row_shows_what_its_entry_says(args: list[Any]) -> None:
    entry = ConsoleEntry("log", tuple(args), 1_700_000_000.5)
    row = ConsoleRow.from_entry(entry)
    assert row.text == text_the_long_way(entry.args)
    assert row.level == "log"
    assert row.time_text == format_time(1_700_000_000.5)


def test_a_row_keeps_short_arguments_without_copying_them() -> None:
    message = {"data": "x" * 80}
    entry = ConsoleEntry("log", ("socket message:", message), 1.0)
    row = ConsoleRow.from_entry(entry)
    assert row._body is message["data"]  # the data alone: no tuple, no dict kept per row
    assert row.text == 'socket message: {data: "' + "x" * 80 + '"}'
    other = ConsoleRow.from_entry(ConsoleEntry("log", ("a", 1, {"b": "c"}), 1.0))
    assert other._body == ("a", 1, {"b": "c"})  # the entry's own arguments
    assert other.text == 'a 1 {b: "c"}'


def test_a_row_never_keeps_a_large_payload() -> None:
    big = "y" * 1_000_000
    entry = ConsoleEntry("log", ("socket message:", {"data": big}, b"z" * 100_000), 1.0)
    row = ConsoleRow.from_entry(entry)
    kept = row._body
    assert isinstance(kept, tuple)
    assert kept is not entry.args
    assert len(kept[1]["data"]) <= VALUE_LIMIT + 1
    assert "ArrayBuffer(100000)" in row.text
    assert len(row.text) < 2 * VALUE_LIMIT + 200


def test_rows_of_one_second_share_the_clock_text() -> None:
    times = [1_700_000_000.25, 1_700_000_000.75, 1_700_000_001.0, 1_700_000_000.5]
    texts = [format_time(t) for t in times]
    assert texts[0].endswith(".250")
    assert texts[1].endswith(".750")
    assert texts[0][:8] == texts[1][:8] == texts[3][:8]
    assert texts[2][:8] != texts[1][:8]  # the next second


def test_the_dropped_count_is_known_before_the_views_hear_of_new_rows() -> None:
    model = ConsoleModel(max_rows=5)
    seen: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda *_: seen.append((model.rowCount(), model.dropped)))
    model.append_rows([ConsoleRow(0.0, "log", f"m{i}") for i in range(8)])
    assert seen == [(5, 3)]
    model.append_rows([ConsoleRow(0.0, "log", "n")])
    assert seen[-1] == (5, 4)
    model.clear()
    assert model.dropped == 0
