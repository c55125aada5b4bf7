"""Lexical similarity of clauses: TF-IDF over jieba words and over character n-grams.

Chinese policy text derives by paraphrase and expansion: a city clause keeps the national
clause's key terms (新能源, 光伏发电, 海上风电) and adds local names. Two views catch this:
jieba words weigh the terms, character 2–3-grams survive segmentation differences
(整县屋顶分布式光伏 vs 分布式光伏). Both are TF-IDF vectors (sublinear tf, smoothed idf) fitted
on all clauses of the corpus at once, so words every plan repeats (绿色低碳) weigh little;
the policy verbs and filler of task clauses (推进, 加快, 体系: ``data/derive_stopwords.tsv``)
are dropped outright, because a task clause's subject matter is in its objects, not its verbs.
The similarity of two clauses is the mean of the two cosines.

A clause is represented by its heading (the sentence that names the task) plus its whole text
(children included): ``vector = normalise(HEADING_WEIGHT * v(heading) + v(text))``.
To avoid segmenting text twice, each clause's *own* text is counted once and the counts of a
clause with children are the sums over its subtree (one sparse matrix product).

Features are integer arrays, computed once per clause (:func:`clause_features`) and reusable
across indexes: word ids from one process-wide table, and character n-grams as their code
points packed into one int64 (21 bits per character: exact, no hashing). An index builds its
count matrices from them with numpy; the result equals counting the token strings
(``CountVectorizer``), at a fraction of the cost. TF-IDF and the row normalisation are a few
numpy lines (:class:`_Tfidf`, :func:`_l2_rows`) with scikit-learn's formulas and its order of
operations, so the scores are bit for bit those of ``TfidfTransformer`` and ``normalize``
(checked on the bundled corpus: 4,987 DERIVES_FROM scores); importing scikit-learn cost every
``policykg ingest`` 1-4 s before it read a file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import blake2b
from importlib.resources import files

import numpy as np
import rjieba
import scipy.sparse as sp

HEADING_WEIGHT = 0.5  # the heading again, at half weight: it names the task (it is in the body too)
CONTEXT_WEIGHT = 0.25  # the enclosing sections (e.g. 工业领域碳达峰行动) disambiguate, weakly
CHAR_NGRAMS = (2, 3)
# Tokens that carry no content: digits and punctuation runs, single characters.
_NOISE_TOKEN = re.compile(r"^[\W\d_a-zA-Z]*$|^.$")
# Only CJK runs matter for the char n-grams; numbers (2030, 12亿) differ by region and year.
_NON_CJK = re.compile(r"[^\u4e00-\u9fff]+")


# jieba-rs (rjieba): the same dictionary and DAG segmentation as jieba, identical output on this
# corpus, ~20x faster; segmenting the corpus dominated the derive time (15 of 20 s).
def _cut(text: str) -> list[str]:
    words: list[str] = rjieba.cut(text, False)
    return words


@functools.cache
def stopwords() -> frozenset[str]:
    """Policy verbs and filler (推进, 加快, 体系 …) from ``data/derive_stopwords.tsv``."""
    table = files("policykg.graph") / "data" / "derive_stopwords.tsv"
    lines = table.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _run_breaks() -> re.Pattern[str]:
    """Where character n-grams stop: non-CJK characters and stopwords (longest first)."""
    words = sorted(stopwords(), key=len, reverse=True)
    return re.compile(_NON_CJK.pattern + "".join(f"|{re.escape(w)}" for w in words))


def word_tokens(text: str) -> list[str]:
    """jieba words (exact mode, no HMM: stable and ~20% faster), content tokens only."""
    stop = stopwords()
    return [w for w in _cut(text) if not _NOISE_TOKEN.match(w) and w not in stop]


def char_ngrams(text: str) -> list[str]:
    """Character n-grams inside CJK runs only (never across punctuation or a stopword)."""
    grams: list[str] = []
    low, high = CHAR_NGRAMS
    for run in _run_breaks().split(text):
        if len(run) < low:
            continue
        for n in range(low, high + 1):
            # zip of shifted copies: the n-grams without a Python-level slice per position
            grams.extend(map("".join, zip(*(run[k:] for k in range(n)))))
    return grams


_WORD_IDS: dict[str, int] = {}  # word → id, cached per process (the vocabulary of the segmenter, bounded)
_EMPTY = np.zeros(0, dtype=np.int64)


def _word_id(word: str) -> int:
    """A word's id: 63 bits of its BLAKE2b hash, the same in every process (so an index's columns,
    and its float sums, do not depend on which process met a word first)."""
    found = _WORD_IDS.get(word)
    if found is None:
        found = _WORD_IDS[word] = (
            int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8).digest(), "little") >> 1
        )
    return found


def word_ids(text: str) -> np.ndarray:
    """:func:`word_tokens` as ids (int64)."""
    return np.fromiter(map(_word_id, word_tokens(text)), dtype=np.int64)


def char_gram_keys(text: str) -> np.ndarray:
    """:func:`char_ngrams` (2- and 3-grams) as int64 keys: the code points, 21 bits each.

    The n-grams are the windows whose characters are all CJK and outside every stopword: the
    same runs :func:`char_ngrams` splits the text into."""
    if len(text) < CHAR_NGRAMS[0]:
        return _EMPTY
    code = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    ok = (code >= 0x4E00) & (code <= 0x9FFF)
    for match in _run_breaks().finditer(text):
        ok[match.start() : match.end()] = False
    pair = ok[:-1] & ok[1:]
    keys = [((code[:-1] << 21) | code[1:])[pair]]
    if len(text) >= 3:
        triple = pair[:-1] & ok[2:]
        keys.append(((code[:-2] << 42) | (code[1:-1] << 21) | code[2:])[triple])
    return np.concatenate(keys)


@dataclass(frozen=True)
class Features:
    """One clause's token ids in both views, own text and heading (see :func:`clause_features`)."""

    own: tuple[np.ndarray, np.ndarray]  # word ids, char n-gram keys
    heading: tuple[np.ndarray, np.ndarray]


def clause_features(own_text: str, heading: str) -> Features:
    return Features(
        (word_ids(own_text), char_gram_keys(own_text)), (word_ids(heading), char_gram_keys(heading))
    )


def _counts(
    rows: Sequence[np.ndarray], vocabulary: np.ndarray | None = None
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Count matrix (one row per array, one column per distinct id) and its vocabulary (sorted ids).

    With ``vocabulary`` given, ids outside it are dropped (``CountVectorizer.transform``)."""
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    ids = np.concatenate(rows) if rows else _EMPTY
    row = np.repeat(np.arange(len(rows)), lengths)
    if vocabulary is None:
        vocabulary, col = np.unique(ids, return_inverse=True)
    else:
        col = np.minimum(np.searchsorted(vocabulary, ids), max(len(vocabulary) - 1, 0))
        keep = vocabulary[col] == ids if len(vocabulary) else np.zeros(len(ids), dtype=bool)
        row, col = row[keep], col[keep]
    data = np.ones(len(col), dtype=np.float32)
    matrix = sp.csr_matrix((data, (row, col)), shape=(len(rows), len(vocabulary)), dtype=np.float32)
    matrix.sum_duplicates()
    return matrix, vocabulary


def _l2_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    """Each row scaled to unit length (empty rows stay empty), as scikit-learn's ``normalize``:
    squares summed in float64 in the stored order, each value divided in float64."""
    out = sp.csr_matrix(matrix, copy=True)
    lengths = np.diff(out.indptr)
    squares = np.multiply(out.data, out.data, dtype=out.data.dtype).astype(np.float64)
    rows = np.repeat(np.arange(out.shape[0]), lengths)
    norms = np.sqrt(np.bincount(rows, weights=squares, minlength=out.shape[0]))
    norms[norms == 0] = 1.0
    out.data = (out.data / np.repeat(norms, lengths)).astype(out.data.dtype)
    return out


class _Tfidf:
    """TF-IDF with sublinear tf and smoothed idf, rows l2-normalised (``TfidfTransformer(
    sublinear_tf=True, smooth_idf=True)``): tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1."""

    def __init__(self, counts: sp.csr_matrix) -> None:
        dtype = counts.dtype if counts.dtype in (np.float32, np.float64) else np.float64
        documents = np.bincount(counts.indices, minlength=counts.shape[1]).astype(dtype) + 1
        self.idf = np.full_like(documents, counts.shape[0] + 1, dtype=dtype)
        self.idf /= documents
        np.log(self.idf, out=self.idf)
        self.idf += 1.0

    def transform(self, counts: sp.spmatrix) -> sp.csr_matrix:
        dtype = counts.dtype if counts.dtype in (np.float32, np.float64) else np.float64
        weights = sp.csr_matrix(counts, copy=True, dtype=dtype)
        np.log(weights.data, out=weights.data)
        weights.data += 1.0
        weights.data *= self.idf[weights.indices]
        return _l2_rows(weights)


@dataclass(frozen=True)
class ClauseTexts:
    """What the index needs of one clause: its own text, heading and subtree."""

    own_text: str  # the clause's own text, up to its first child
    heading: str
    parent_index: int | None  # index of the parent in the same sequence (None at top)


class ClauseIndex:
    """TF-IDF vectors of many clauses in two views; ``similarity(rows, cols)`` is their mean cosine."""

    def __init__(self, clauses: Sequence[ClauseTexts], features: Sequence[Features] | None = None) -> None:
        """``features``: the clauses' :func:`clause_features`, when already computed."""
        self.size = len(clauses)
        subtree = _subtree_matrix(clauses)
        if features is None:
            features = [clause_features(c.own_text, c.heading) for c in clauses]
        self._views: list[sp.csr_matrix] = []
        for view in (0, 1):  # words, char n-grams
            own, vocabulary = _counts([f.own[view] for f in features])
            heads, _ = _counts([f.heading[view] for f in features], vocabulary)
            counts = (subtree @ own).tocsr()
            tfidf = _Tfidf(counts)
            body = tfidf.transform(counts)
            head = tfidf.transform(heads)
            # Context: the own texts (heading + lead-in) of the enclosing sections.
            ancestors = (subtree.T - sp.identity(self.size, format="csr", dtype=np.float32)).tocsr()
            context = _l2_rows(ancestors @ _l2_rows(tfidf.transform(own)))
            vectors = HEADING_WEIGHT * _l2_rows(head) + _l2_rows(body) + CONTEXT_WEIGHT * context
            self._views.append(_l2_rows(vectors))

    def similarity(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray:
        """Dense ``len(rows) x len(cols)`` matrix of mean cosine similarities."""
        out = np.zeros((len(rows), len(cols)), dtype=np.float32)
        if not rows or not cols:
            return out
        r, c = np.asarray(rows), np.asarray(cols)
        for view in self._views:
            out += (view[r] @ view[c].T).toarray()
        return out / len(self._views)


def _subtree_matrix(clauses: Sequence[ClauseTexts]) -> sp.csr_matrix:
    """``M[i, j] = 1`` when clause j is clause i or one of its descendants."""
    rows: list[int] = []
    cols: list[int] = []
    for j, clause in enumerate(clauses):
        i: int | None = j
        seen = 0
        while i is not None and seen <= len(clauses):  # guard against a malformed cycle
            rows.append(i)
            cols.append(j)
            i = clauses[i].parent_index
            seen += 1
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(clauses), len(clauses)))
