package funcs

// The scalar functions that read the intermediate results of the hll and
// tdigest aggregates.
func init() {
	register("sketch", Scalar, []def{
		sig("dcount_hll(hll: dynamic): long").named(NamePrefixArg),
		sig("hll_merge(hll: dynamic, {hll: dynamic}...): dynamic").named(NameFixed).prefixed("hll_merged_result"),
		sig("tdigest_merge(tdigest: dynamic, {tdigest: dynamic}...): dynamic").named(NameFixed).prefixed("tdigests_merge_result").alias("merge_tdigest"),
		sig("percentile_tdigest(tdigest: dynamic, percentile: real, [type: type]): typeof($type, dynamic)").named(NamePrefixArg),
		sig("percentrank_tdigest(tdigest: dynamic, value: scalar): real"),
		sig("rank_tdigest(tdigest: dynamic, value: scalar): real"),
	})
}
