"""Value lists of one target sentence: ``A、B和C分别较2020年降低15%、18%和16%``.

The grammar (:mod:`target_grammar`) reads each quantity on its own; a quantity whose left
side holds only list glue (``、`` ``和`` ``及`` ``与`` ``或``) continues the list begun by the one
before it. This module completes such lists after a sentence is read:

- every value of a list takes the first value's direction, base year and (unless it has a
  ``以上``-type suffix of its own) comparator: ``降低15%、18%和16%`` are three decreases; a
  suffix after the last value holds for the whole list (``分别在7%、2%以下``: both ``le``);
- with ``到2025年和2030年…分别达到600万千瓦和1000万千瓦`` each value takes its own year, in order;
- with ``分别``/``依次`` and a metric list of the same length as the value list, each value
  takes its own metric, in order. Items before the last that are only modifiers (``旅游业、
  现代服务业、高新技术产业增加值占…比重``) get the shared tail of the last item: what follows
  its first ``业`` (industry words close the modifier), else from its first head noun
  (``metric_head`` in ``targets_lexicon.tsv``: 装机容量, 产量, 能耗 … → 光伏、风电和生物质发电
  装机容量 gives 光伏装机容量), unless they end with a head noun themselves (清洁能源发电装机).

No spaCy here: pure functions over ``TargetFields``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policykg.loaders.extract.target_grammar import TargetFields

LIST_GLUE = frozenset("、和及与或以")  # 以及 = 以 + 及; nothing else may sit between two listed values
RESPECTIVELY = re.compile(r"分别|依次|各自")
METRIC_SEPARATOR = "、"
METRIC_JOINERS = re.compile(r"以及|和|及|与|或")
OPEN_BRACKETS, CLOSE_BRACKETS = "（(《“", "）)》”"
SUFFIX_BEFORE_GLUE = re.compile(r"^(?:及以上|以上|以下|以内|左右|上下|之上|之内)")
# A modifier item (旅游业) shares the last item's head after its first 业 (高新技术产业|增加值占…).
SHARED_TAIL_AFTER = "业"


@dataclass(frozen=True)
class Found:
    """A target of the sentence being read, with what list pairing needs."""

    fields: TargetFields
    year_event: int  # start of the year phrase in force (-1: none)
    inherited: bool  # its metric came from the previous value
    own_comparator: bool  # its comparator came from its own suffix (以上), not from a verb


def is_list_glue(text: str) -> bool:
    """Only list connectors between two values (``15%、18%和16%``)."""
    return bool(text) and all(ch in LIST_GLUE for ch in text)


def chains(found: list[Found], text: str) -> list[list[int]]:
    """Indices of the targets grouped into lists: a value joins the previous one's list when it
    inherited that metric under the same year phrase."""
    groups: list[list[int]] = []
    for i, item in enumerate(found):
        if item.inherited and groups and found[groups[-1][0]].year_event == item.year_event:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def carry_list_fields(found: list[Found], chain: list[int], text: str) -> None:
    """Direction, base year and comparator of the list's first value, for the values that are
    joined to it by list glue alone and state none of their own."""
    first = found[chain[0]].fields
    previous = first
    for index in chain[1:]:
        item = found[index]
        current = item.fields
        between = SUFFIX_BEFORE_GLUE.sub("", text[previous.value_end : current.value_start])
        if not is_list_glue(between):
            previous = current
            continue
        updates: dict[str, Any] = {}
        if current.direction == "level" and first.direction != "level":
            updates["direction"] = first.direction
        if current.base_year is None and first.base_year is not None:
            updates["base_year"] = first.base_year
        if not item.own_comparator and current.comparator == "eq" and first.comparator not in ("eq", "range"):
            updates["comparator"] = first.comparator
        if updates:
            found[index] = replace(item, fields=replace(current, **updates))
        previous = current
    # a suffix after the last value of a pure list (分别在7%、2%以下) holds for every value
    last = found[chain[-1]]
    if len(chain) < 2 or not last.own_comparator:
        return
    for before, after in zip(reversed(chain[:-1]), reversed(chain[1:])):
        between = SUFFIX_BEFORE_GLUE.sub(
            "", text[found[before].fields.value_end : found[after].fields.value_start]
        )
        item = found[before]
        if not is_list_glue(between) or item.own_comparator:
            break
        if item.fields.comparator == "eq":
            found[before] = replace(item, fields=replace(item.fields, comparator=last.fields.comparator))


def split_metric(metric: str, count: int, heads: re.Pattern[str]) -> list[str] | None:
    """``A、B和C`` → [A, B, C] when the list has exactly ``count`` items, else None."""
    items = _split_outside_brackets(metric, METRIC_SEPARATOR)
    if len(items) == count - 1:
        # the last two joined by 和/及/与 (A、B和C); try the joiners from the right
        joiners = list(METRIC_JOINERS.finditer(items[-1]))
        for joiner in reversed(joiners):
            left, right = items[-1][: joiner.start()], items[-1][joiner.end() :]
            if left and right:
                items = items[:-1] + [left, right]
                break
    if len(items) != count or any(not item for item in items):
        return None
    return _share_tail(items, heads)


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
        elif ch == separator and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return items


def _share_tail(items: list[str], heads: re.Pattern[str]) -> list[str]:
    """Modifier items before the last take the last item's head: (旅游业, 高新技术产业增加值占比)
    → 旅游业增加值占比, (锂电材料, 光纤行业非电能源占比) → 锂电材料非电能源占比."""
    last = items[-1]
    cut = last.find(SHARED_TAIL_AFTER)
    if 0 < cut < len(last) - 1:
        tail = last[cut + 1 :]
    else:
        head = heads.search(last, 1)
        if head is None:
            return items
        tail = last[head.start() :]
    return [item if _ends_with_head(item, heads) else item + tail for item in items[:-1]] + [last]


def _ends_with_head(item: str, heads: re.Pattern[str]) -> bool:
    return any(m.end() == len(item) for m in heads.finditer(item))


def pair_metrics(
    found: list[Found], chain: list[int], text: str, sentence_start: int, heads: re.Pattern[str]
) -> None:
    """``A、B分别达到x、y``: x is A's, y is B's."""
    if len(chain) < 2:
        return
    first = found[chain[0]].fields
    # 分别 must stand between the metric list and the first value
    if not RESPECTIVELY.search(text, max(sentence_start, first.start), first.value_start):
        return
    metrics = split_metric(first.metric, len(chain), heads)
    if metrics is None:
        return
    for index, metric in zip(chain, metrics):
        found[index] = replace(found[index], fields=replace(found[index].fields, metric=metric))


def pair_years(found: list[Found], chain: list[int], years: list[int]) -> None:
    """``到2025年和2030年…分别达到X和Y``: each value takes its own year, in order."""
    if len(years) > 1 and len(chain) == len(years):
        for index, year in zip(chain, years):
            found[index] = replace(found[index], fields=replace(found[index].fields, year=year))
