package funcs

func init() {
	register("conversion", Scalar, []def{
		sig("tostring(value: scalar): string").named(NameFirstArg),
		sig("toint(value: scalar): int").named(NameFirstArg),
		sig("tolong(value: scalar): long").named(NameFirstArg),
		sig("todouble(value: scalar): real").named(NameFirstArg).synonym("toreal"),
		sig("todecimal(value: scalar): decimal").named(NameFirstArg),
		sig("tobool(value: scalar): bool").named(NameFirstArg).synonym("toboolean"),
		sig("todatetime(value: scalar): datetime").named(NameFirstArg),
		sig("totimespan(value: scalar): timespan").named(NameFirstArg),
		sig("toguid(value: string|dynamic): guid").named(NameFirstArg),
		sig("todynamic(value: string|dynamic): dynamic").named(NameFirstArg).alias("toobject"),
		sig("tohex(value: integer, [minLength: integer]): string").named(NameFirstArg),
		sig("dynamic_to_json(value: scalar): string"),
	})
}
