// name: compare_indicator
// question: How does one indicator compare across regions and years? | 同一指标在各地区、各年份的目标值如何比较？
// description: The indicator is matched by any of its written forms; values come with their normalised unit (value × multiplier) so they compare.
// param indicator: 非化石能源消费比重
// param limit: 500 (int, default)
// param skip: 0 (int, default)
// returns: region, region_code, level, plan, year, comparator, direction, value, value_max, unit, value_normalised, unit_normalised, base_year, source, start, end, page, quote
MATCH (t:Target)-[:MEASURES]->(i:Indicator)
WHERE i.key = $indicator OR i.name = $indicator OR $indicator IN i.names OR i.key CONTAINS $indicator
// a target's plan by its unique id (the target's `document`), not through its clause
MATCH (p:Plan {id: t.document})
OPTIONAL MATCH (p)-[:APPLIES_TO]->(r:Region)
// sort and page on the keys, then read the page's properties
WITH t, p, r
ORDER BY r.code, t.year, p.title, t.start, t.id
SKIP $skip LIMIT $limit
RETURN coalesce(r.name, p.region) AS region, r.code AS region_code, p.level AS level, p.title AS plan,
       t.year AS year, t.comparator AS comparator, t.direction AS direction, t.value AS value,
       t.value_max AS value_max, t.unit AS unit, t.value_normalised AS value_normalised,
       t.unit_normalised AS unit_normalised, t.base_year AS base_year, t.source AS source,
       t.start AS start, t.end AS end, t.page AS page, t.text AS quote
ORDER BY region_code, year, plan, start
