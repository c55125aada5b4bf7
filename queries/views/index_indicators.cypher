// name: index_indicators
// question: Which indicators have the most targets? | 哪些指标的目标最多？
// description: The overview page's indicator list (policykg viz index), most targets first.
// param limit: 60 (int, default)
// returns: id, name, work
MATCH (i:Indicator)<-[:MEASURES]-(t:Target)
RETURN i.id AS id, i.name AS name, count(t) AS work ORDER BY work DESC, i.name LIMIT $limit
