package funcs

import "github.com/quarry-kql/quarry/kql/types"

// Shape is the relation between a plugin's output columns and its input.
type Shape uint8

// Plugin output shapes.
const (
	// ShapeUnknown means the columns are known only when the plugin runs:
	// the binder accepts any column name after it.
	ShapeUnknown Shape = iota
	// ShapeFixed means exactly the Columns of the PluginOutput.
	ShapeFixed
	// ShapeBagUnpack is bag_unpack's output: the input columns without the
	// unpacked one, followed by columns known only when the plugin runs.
	ShapeBagUnpack
	// ShapeLookup is ipv4_lookup's and ipv6_lookup's output: the input
	// columns followed by those of the lookup table.
	ShapeLookup
	// ShapeTypeArg means the output schema is the typeof(...) literal passed
	// as the first argument, as for the python and r plugins.
	ShapeTypeArg
)

// PluginOutput describes the table a plugin returns.
type PluginOutput struct {
	Shape   Shape
	Columns []types.Column
}

func output(shape Shape, columns ...types.Column) PluginOutput {
	return PluginOutput{Shape: shape, Columns: columns}
}

func col(name string, k types.Kind) types.Column { return types.Column{Name: name, Type: k} }

// outputs attaches an output description to a plugin entry.
func (d def) outputs(o PluginOutput) def {
	d.output = o
	return d
}

func init() {
	unknown := output(ShapeUnknown)
	register("plugins", Plugin, []def{
		sig("bag_unpack(column: scalar, [column_prefix: string, columns_conflict: string, ignored_property_names: dynamic]): table").outputs(output(ShapeBagUnpack)),
		sig("narrow(): table").outputs(output(ShapeFixed, col("Row", types.Long), col("Column", types.String), col("Value", types.String))),
		sig("pivot(pivot_column: scalar, [aggregation: scalar, {column: scalar}...]): table").outputs(unknown),
		sig("autocluster([{argument: scalar}...]): table").outputs(unknown),
		sig("basket([{argument: scalar}...]): table").outputs(unknown),
		sig("diffpatterns(split_column: scalar, split_value_a: string, split_value_b: string, [{argument: scalar}...]): table").outputs(unknown),
		sig("ipv4_lookup(lookup_table: tabular, source_ipv4_key: scalar, ipv4_lookup_column: scalar, [{argument: scalar}...]): table").outputs(output(ShapeLookup)),
		sig("ipv6_lookup(lookup_table: tabular, source_ipv6_key: scalar, ipv6_lookup_column: scalar, [{argument: scalar}...]): table").outputs(output(ShapeLookup)),
		sig("rows_near(condition: bool, rows_before: integer, [{argument: scalar}...]): table").outputs(unknown),
		sig("sequence_detect(timeline: datetime, max_sequence_step_window: timespan, max_sequence_span: timespan, {argument: scalar}...): table").outputs(unknown),
		sig("rolling_percentile(value: scalar, percentile: scalar, index: scalar, window_size: scalar, step: scalar, [{dimension: scalar}...]): table").outputs(unknown),
		sig("active_users_count({argument: scalar}...): table").outputs(unknown),
		sig("activity_counts_metrics({argument: scalar}...): table").outputs(unknown),
		sig("activity_engagement({argument: scalar}...): table").outputs(unknown),
		sig("activity_metrics({argument: scalar}...): table").outputs(unknown),
		sig("new_activity_metrics({argument: scalar}...): table").outputs(unknown),
		sig("session_count({argument: scalar}...): table").outputs(unknown),
		sig("sliding_window_counts({argument: scalar}...): table").outputs(unknown),
		sig("funnel_sequence({argument: scalar}...): table").outputs(unknown),
		sig("funnel_sequence_completion({argument: scalar}...): table").outputs(unknown),
		sig("infer_storage_schema(options: dynamic): table").outputs(output(ShapeFixed, col("CslSchema", types.String))),
		sig("geo_line_lookup(lookup_table: tabular, lookup_line: scalar, longitude: scalar, latitude: scalar, radius: scalar, [{argument: scalar}...]): table").outputs(output(ShapeLookup)),
		sig("geo_polygon_lookup(lookup_table: tabular, lookup_polygon: scalar, longitude: scalar, latitude: scalar, [{argument: scalar}...]): table").outputs(output(ShapeLookup)),
		sig("preview(number_of_rows: integer): table").outputs(unknown),
		sig("dcount_intersect({hll: dynamic}...): table").outputs(unknown),
		sig("python(output_schema: type, script: string, [{argument: scalar}...]): table").outputs(output(ShapeTypeArg)),
		sig("r(output_schema: type, script: string, [{argument: scalar}...]): table").outputs(output(ShapeTypeArg)),
		sig("sql_request({argument: scalar}...): table").outputs(unknown),
		sig("cosmosdb_sql_request({argument: scalar}...): table").outputs(unknown),
		sig("mysql_request({argument: scalar}...): table").outputs(unknown),
		sig("postgresql_request({argument: scalar}...): table").outputs(unknown),
		sig("azure_digital_twins_query_request({argument: scalar}...): table").outputs(unknown),
		sig("http_request({argument: scalar}...): table").outputs(unknown),
		sig("http_request_post({argument: scalar}...): table").outputs(unknown),
		sig("ai_embed_text({argument: scalar}...): table").outputs(unknown),
		sig("ai_chat_completion({argument: scalar}...): table").outputs(unknown),
		sig("ai_chat_completion_prompt({argument: scalar}...): table").outputs(unknown),
	})
}
