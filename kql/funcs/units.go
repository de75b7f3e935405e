package funcs

// The unit conversion functions: convert_length(1.2, "Meter", "Foot").
func init() {
	var defs []def
	for _, quantity := range []string{"angle", "energy", "force", "length", "mass", "speed", "temperature", "volume"} {
		defs = append(defs, sig("convert_"+quantity+"(value: number, from: string, to: string): real"))
	}
	register("units", Scalar, defs)
}
