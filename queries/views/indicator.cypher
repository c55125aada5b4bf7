// name: indicator
// question: Which plans and regions set targets for this indicator? | 哪些方案和地区设定了这个指标的目标？
// description: The indicator page (policykg viz index links it): the indicator (id, name, key or a written form) and its targets with their clauses, plans and regions. `focus` is the indicator's id.
// param indicator: 非化石能源消费比重
// param limit: 1500 (int, default)
// returns: focus, p
MATCH (i:Indicator)
WHERE i.id = $indicator OR i.name = $indicator OR i.key = $indicator OR $indicator IN coalesce(i.names, [])
WITH i ORDER BY i.id LIMIT 1
CALL (i) {
  MATCH p = (:Region)<-[:APPLIES_TO]-(:Plan)<-[:PART_OF]-(:Clause)<-[:QUANTIFIES]-(:Target)-[:MEASURES]->(i)
  RETURN p LIMIT $limit
  UNION MATCH p = (i) RETURN p
}
RETURN i.id AS focus, p
