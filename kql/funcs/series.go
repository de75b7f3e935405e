package funcs

func init() {
	var elementwise []def
	for _, name := range []string{"abs", "acos", "asin", "atan", "ceiling", "cos", "exp", "floor", "log", "sign", "sin", "tan"} {
		elementwise = append(elementwise, sig("series_"+name+"(series: dynamic): dynamic"))
	}
	for _, name := range []string{"add", "divide", "equals", "greater", "greater_equals", "less", "less_equals", "multiply", "not_equals", "pow", "subtract"} {
		elementwise = append(elementwise, sig("series_"+name+"(series1: dynamic|number, series2: dynamic|number): dynamic"))
	}
	register("series", Scalar, elementwise)
	register("series", Scalar, []def{
		sig("series_cosine_similarity(series1: dynamic, series2: dynamic, [magnitude1: real, magnitude2: real]): real"),
		sig("series_dot_product(series1: dynamic|number, series2: dynamic|number): real"),
		sig("series_magnitude(series: dynamic): real"),
		sig("series_pearson_correlation(series1: dynamic, series2: dynamic): real"),
		sig("series_sum(series: dynamic): real"),
		sig("series_product(series: dynamic): real"),
		sig("series_decompose(series: dynamic, [seasonality: integer, trend: string, test_points: integer, seasonality_threshold: number]): dynamic").
			returnsTuple("baseline:dynamic seasonal:dynamic trend:dynamic residual:dynamic"),
		sig("series_decompose_anomalies(series: dynamic, [threshold: number, seasonality: integer, trend: string, test_points: integer, method: string, seasonality_threshold: number]): dynamic").
			returnsTuple("ad_flag:dynamic ad_score:dynamic baseline:dynamic"),
		sig("series_decompose_forecast(series: dynamic, points: integer, [seasonality: integer, trend: string, seasonality_threshold: number]): dynamic").
			returnsTuple("baseline:dynamic seasonal:dynamic trend:dynamic residual:dynamic"),
		sig("series_fill_backward(series: dynamic, [missing_value_placeholder: const number]): dynamic").named(NameFirstArg),
		sig("series_fill_const(series: dynamic, [constant_value: number, missing_value_placeholder: const number]): dynamic").named(NameFirstArg),
		sig("series_fill_forward(series: dynamic, [missing_value_placeholder: const number]): dynamic").named(NameFirstArg),
		sig("series_fill_linear(series: dynamic, [missing_value_placeholder: const number, fill_edges: bool, constant_value: number]): dynamic").named(NameFirstArg),
		sig("series_fft(x_real: dynamic, [x_imaginary: dynamic]): dynamic").returnsTuple("real:dynamic imag:dynamic"),
		sig("series_ifft(fft_real: dynamic, [fft_imaginary: dynamic]): dynamic").returnsTuple("real:dynamic imag:dynamic"),
		sig("series_fir(series: dynamic, filter: dynamic, [normalize: bool, center: bool]): dynamic").named(NameFirstArg),
		sig("series_iir(series: dynamic, numerators: dynamic, denominators: dynamic): dynamic").named(NameFirstArg),
		sig("series_fit_line(series: dynamic, [x: dynamic]): dynamic").
			returnsTuple("rsquare:real slope:real variance:real rvariance:real interception:real line_fit:dynamic"),
		sig("series_fit_line_dynamic(series: dynamic, [x: dynamic]): dynamic"),
		sig("series_fit_2lines(series: dynamic, [x: dynamic]): dynamic").
			returnsTuple("rsquare:real split_idx:long variance:real rvariance:real line_fit:dynamic right_rsquare:real right_slope:real right_interception:real right_variance:real right_rvariance:real left_rsquare:real left_slope:real left_interception:real left_variance:real left_rvariance:real"),
		sig("series_fit_2lines_dynamic(series: dynamic, [x: dynamic]): dynamic"),
		sig("series_fit_poly(series: dynamic, [x: dynamic, degree: integer]): dynamic").
			returnsTuple("rsquare:real coefficients:dynamic variance:real rvariance:real poly_fit:dynamic"),
		sig("series_outliers(series: dynamic, [kind: string, ignore_val: real, min_percentile: real, max_percentile: real]): dynamic").named(NameFirstArg),
		sig("series_periods_detect(series: dynamic, min_period: number, max_period: number, num_periods: integer): dynamic").
			returnsTuple("periods:dynamic scores:dynamic"),
		sig("series_periods_validate(series: dynamic, {period: number}...): dynamic").
			returnsTuple("periods:dynamic scores:dynamic"),
		sig("series_seasonal(series: dynamic, [period: integer]): dynamic"),
		sig("series_stats(series: dynamic, [ignore_nonfinite: bool]): dynamic").
			returnsTuple("min:real min_idx:long max:real max_idx:long avg:real stdev:real variance:real"),
		sig("series_stats_dynamic(series: dynamic, [ignore_nonfinite: bool]): dynamic"),
	})
}
