// name: index_agencies
// question: Which agencies carry the most work? | 哪些单位承担的任务最多？
// description: The overview page's agency list (policykg viz index): agencies with responsibilities or obligations, most first.
// param limit: 60 (int, default)
// returns: id, name, region, work
MATCH (a:Agency)
WITH a, COUNT { (a)-[:RESPONSIBLE_FOR|BEARS]->() } AS work WHERE work > 0
RETURN a.id AS id, a.name AS name, a.region AS region, work ORDER BY work DESC, a.name LIMIT $limit
