package funcs

func init() {
	register("window", Window, []def{
		sig("prev(column: scalar, [offset: integer, default_value: const scalar]): $column"),
		sig("next(column: scalar, [offset: integer, default_value: const scalar]): $column"),
		sig("row_number([start_index: integer, restart: bool]): long"),
		sig("row_cumsum(term: number, [restart: bool]): widen($term)"),
		sig("row_rank_dense(term: notdynamic, [restart: bool]): long"),
		sig("row_rank_min(term: notdynamic, [restart: bool]): long"),
		sig("row_window_session(expr: datetime, max_distance_from_first: timespan, max_distance_between_neighbors: timespan, [restart: bool]): datetime"),
	})
}
