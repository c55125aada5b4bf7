// name: indicator_detail
// question: How is this indicator set across regions and years? | 这个指标在各地区、各年份的目标
// description: One row: the indicator (by key, id or any written form) and every target measuring it (at most 1000), with its plan, level, region, year and values, normalised values included so they compare.
// param indicator: 非化石能源消费占比
// returns: id, key, name, names, targets
MATCH (i:Indicator) WHERE i.key = $indicator OR i.id = $indicator OR i.name = $indicator
WITH i ORDER BY CASE WHEN i.key = $indicator THEN 0 ELSE 1 END LIMIT 1
CALL (i) {
  OPTIONAL MATCH (t:Target)-[:MEASURES]->(i)
  OPTIONAL MATCH (p:Plan {id: t.document})
  WITH t, p ORDER BY t.year, p.level, p.region, p.title LIMIT 1000
  RETURN collect(CASE WHEN t IS NULL THEN null ELSE
           {id: t.id, plan_id: p.id, plan: p.title, level: p.level, region: p.region,
            region_code: p.region_code, year: t.year, base_year: t.base_year, value: t.value,
            value_max: t.value_max, unit: t.unit, value_normalised: t.value_normalised,
            unit_normalised: t.unit_normalised, comparator: t.comparator, direction: t.direction,
            metric: t.metric} END) AS targets
}
RETURN i.id AS id, i.key AS key, i.name AS name, i.names AS names, targets
