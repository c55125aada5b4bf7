// name: span_context
// question: Which clause and plan hold this evidence span? | 这段原文出自哪个方案的哪一条？
// description: For a source file and character span (as every fact's evidence gives them): the innermost clause containing it, with its text and its plan, so the workbench can show the span highlighted in context, with its page. No row when the span lies in no clause.
// param source: 004_ce321d0be690c707.txt
// param start: 729 (int)
// param end: 735 (int)
// returns: clause_id, path, heading, text, start, end, page, plan_id, plan, page_start, page_end, source_hash
MATCH (p:Plan {source: $source})
MATCH (c:Clause {document: p.id})
WHERE c.start <= $start AND c.end >= $end
WITH c, p ORDER BY c.depth DESC, c.end - c.start LIMIT 1
RETURN c.id AS clause_id, c.path AS path, c.heading AS heading, c.text AS text, c.start AS start,
       c.end AS end, c.page AS page, p.id AS plan_id, p.title AS plan, p.page_start AS page_start,
       p.page_end AS page_end, p.source_hash AS source_hash
