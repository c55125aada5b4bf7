// name: target_cascade
// question: Is each region's target as ambitious as its parent region's and the nation's? | 各地区目标是否不低于上级地区和全国的目标？
// description: One row per target of the indicator for the year (year as written, else the plan period's end), beside the targets of the region's parent (LOCATED_IN) and of the country; the verdict columns are computed by policykg.queries.cascade (stronger / equal / weaker / missing / not comparable, with the reason), values in normalised units.
// param indicator: 非化石能源消费比重
// param year: 2025 (int)
// returns: region, region_code, region_level, parent_region, parent_code, plan, target_id, comparator, direction, value, value_max, value_normalised, unit_normalised, base_year, source, start, end, page, quote, parent_plan, parent_value, vs_parent, vs_parent_reason, national_plan, national_value, vs_national, vs_national_reason, parent_target, national_target
// the country once (national and ministry plans apply to no region: theirs is the country's)
OPTIONAL MATCH (country:Region {level: 'country'})
WITH country
LIMIT 1
MATCH (i:Indicator)
WHERE i.key = $indicator OR i.name = $indicator OR $indicator IN i.names
MATCH (t:Target)-[:MEASURES]->(i)
WHERE coalesce(t.year, t.implied_year) = $year
MATCH (p:Plan {id: t.document})
OPTIONAL MATCH (p)-[:APPLIES_TO]->(applied:Region)
WITH DISTINCT CASE WHEN applied IS NULL AND p.level IN ['national', 'ministry'] THEN country ELSE applied END AS r,
     p, t
WHERE r IS NOT NULL
ORDER BY r.code, p.title, t.start, t.id
WITH r, collect({plan: p.title, id: t.id, comparator: t.comparator, direction: t.direction, value: t.value,
                 value_max: t.value_max, multiplier: t.multiplier, unit: t.unit,
                 value_normalised: t.value_normalised, unit_normalised: t.unit_normalised,
                 base_year: t.base_year, source: t.source, start: t.start, end: t.end, page: t.page,
                 quote: t.text}) AS targets
// every region's targets, so each row can read its parent's and the country's
WITH collect({region: r, targets: targets}) AS regions
WITH regions, [e IN regions WHERE e.region.level = 'country' | e.targets] AS national
UNWIND regions AS entry
WITH entry, regions, CASE WHEN size(national) > 0 THEN national[0] ELSE [] END AS national_targets
WITH entry.region AS r, entry.targets AS targets, regions, national_targets
OPTIONAL MATCH (r)-[:LOCATED_IN]->(parent:Region)
WITH r, targets, parent, national_targets,
     [e IN regions WHERE e.region = parent | e.targets] AS parents
UNWIND targets AS t
RETURN r.name AS region, r.code AS region_code, r.level AS region_level, parent.name AS parent_region,
       parent.code AS parent_code, t.plan AS plan, t.id AS target_id, t.comparator AS comparator, t.direction AS direction,
       t.value AS value, t.value_max AS value_max, t.multiplier AS multiplier,
       t.value_normalised AS value_normalised, t.unit AS unit, t.unit_normalised AS unit_normalised,
       t.base_year AS base_year, t.source AS source, t.start AS start, t.end AS end, t.page AS page,
       t.quote AS quote, CASE WHEN size(parents) > 0 THEN parents[0] ELSE [] END AS parent_targets,
       national_targets
ORDER BY region_code, plan, start
