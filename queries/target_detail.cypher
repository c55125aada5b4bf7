// name: target_detail
// question: What is this target, who owns it, where does it come from, and how do other regions set it? | 这个目标的数值、责任单位、来源链和其他地区的同一指标
// description: One row: the target (value, unit, year, comparator, direction, base year, span), its clause and plan, its indicator, the owner agencies (of the nearest clause, its own or an enclosing one, that names responsible agencies), the provenance chains (clause-level DERIVES_FROM from its clause or an enclosing one, up to 3 hops, then plan-level up to 4 hops; at most 20 each), and the same indicator's targets in other plans (at most 300).
// param target: 004_ce321d0be690c707/二（一）1/target/1
// returns: id, metric, value, value_max, unit, value_normalised, unit_normalised, year, base_year, period, comparator, direction, text, source, start, end, page, clause, plan, indicator, owners, clause_chains, plan_chains, same_indicator
MATCH (t:Target {id: $target})
MATCH (t)-[:QUANTIFIES]->(c:Clause)
MATCH (p:Plan {id: c.document})
OPTIONAL MATCH (t)-[:MEASURES]->(i:Indicator)
CALL (c) {
  OPTIONAL MATCH (owner:Clause)-[:HAS_CLAUSE*0..4]->(c)
  WHERE EXISTS { (owner)<-[:RESPONSIBLE_FOR]-(:Agency) }
  WITH owner ORDER BY owner.depth DESC LIMIT 1
  OPTIONAL MATCH (a:Agency)-[r:RESPONSIBLE_FOR]->(owner)
  WITH owner, a, r ORDER BY r.start
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE
           {id: a.id, name: a.name, as_written: r.agency_text, role: r.role, clause_id: owner.id,
            clause_path: owner.path, source: r.source, start: r.start, end: r.end, page: r.page} END) AS owners
}
CALL (c) {
  OPTIONAL MATCH (anc:Clause)-[:HAS_CLAUSE*0..3]->(c)
  OPTIONAL MATCH chain = (anc)-[:DERIVES_FROM*1..3]->(:Clause)
  WITH chain WHERE chain IS NOT NULL
  WITH chain, reduce(s = 1.0, r IN relationships(chain) | s * r.score) AS score
  ORDER BY length(chain) DESC, score DESC LIMIT 20
  RETURN collect({nodes: [n IN nodes(chain) | {id: n.id, path: n.path, heading: n.heading,
                                               plan_id: n.document,
                                               plan: head(COLLECT { MATCH (x:Plan {id: n.document}) RETURN x.title })}],
                  links: [r IN relationships(chain) | {score: r.score, method: r.method}]}) AS clause_chains
}
CALL (p) {
  OPTIONAL MATCH chain = (p)-[:DERIVES_FROM*1..4]->(:Plan)
  WITH chain WHERE chain IS NOT NULL
  WITH chain ORDER BY length(chain) DESC LIMIT 20
  RETURN collect({nodes: [n IN nodes(chain) | {id: n.id, title: n.title, level: n.level, region: n.region}],
                  links: [r IN relationships(chain) | {score: r.score, method: r.method}]}) AS plan_chains
}
CALL (t, i) {
  OPTIONAL MATCH (o:Target)-[:MEASURES]->(i) WHERE o <> t
  OPTIONAL MATCH (op:Plan {id: o.document})
  WITH o, op ORDER BY o.year, op.region, op.title LIMIT 300
  RETURN collect(CASE WHEN o IS NULL THEN null ELSE
           {id: o.id, plan_id: op.id, plan: op.title, level: op.level, region: op.region, year: o.year,
            value: o.value, value_max: o.value_max, unit: o.unit, value_normalised: o.value_normalised,
            unit_normalised: o.unit_normalised, comparator: o.comparator} END) AS same_indicator
}
RETURN t.id AS id, t.metric AS metric, t.value AS value, t.value_max AS value_max, t.unit AS unit,
       t.value_normalised AS value_normalised, t.unit_normalised AS unit_normalised, t.year AS year,
       t.base_year AS base_year, t.period AS period, t.comparator AS comparator, t.direction AS direction,
       t.text AS text, t.source AS source, t.start AS start, t.end AS end, t.page AS page,
       {id: c.id, path: c.path, heading: c.heading} AS clause,
       {id: p.id, title: p.title, level: p.level, region: p.region} AS plan,
       CASE WHEN i IS NULL THEN null ELSE {key: i.key, name: i.name} END AS indicator,
       owners, clause_chains, plan_chains, same_indicator
