package funcs

func init() {
	register("conditional", Scalar, []def{
		sig("iff(if: bool, then: scalar, else: scalar): common($then, $else)").synonym("iif"),
		sig("case({predicate: bool, then: scalar}..., else: scalar): common($then, $else)"),
		sig("coalesce(argument: scalar, {argument: scalar}...): unify($argument)"),
		sig("not(value: bool): bool"),
		sig("assert(condition: bool, message: string): bool"),
	})
}
