package funcs

// Functions that read the query's context rather than its rows, and the
// functions whose result the binder computes from the query: toscalar
// takes the type of its table's first column and column_ifexists the type
// of the column it names.
func init() {
	register("metadata", Scalar, []def{
		sig("column_ifexists(columnName: const string, defaultValue: scalar): binder"),
		sig("toscalar(expression: tabular): binder"),
		sig("current_cluster_endpoint(): string").constantValue(),
		sig("current_database(): string").constantValue(),
		sig("current_principal(): string").constantValue(),
		sig("current_principal_details(): dynamic").constantValue(),
		sig("current_principal_is_member_of(group: string|dynamic...): bool"),
		sig("cursor_after(cursor: string): bool"),
		sig("cursor_before_or_at(cursor: string): bool"),
		sig("cursor_current(): string").alias("current_cursor"),
		sig("estimate_data_size(column: scalar|*...): long"),
		sig("extent_id(): guid"),
		sig("current_node_id(): string"),
		sig("extent_tags(): dynamic"),
		sig("ingestion_time(): datetime").named(NameFixed).prefixed("$IngestionTime"),
	})
}
