package funcs

func init() {
	register("datetime", Scalar, []def{
		sig("now([offset: timespan]): datetime").constantValue(),
		sig("ago(timespan: timespan): datetime").constantValue(),
		sig("datetime_add(part: literal string(year|quarter|month|week|day|hour|minute|second|millisecond|microsecond|nanosecond), value: integer, datetime: datetime): datetime"),
		sig("datetime_diff(part: literal string(year|quarter|month|week|day|hour|minute|second|millisecond|microsecond|nanosecond), datetime1: datetime, datetime2: datetime): long"),
		sig("datetime_part(part: literal string(year|quarter|month|week_of_year|day|dayofyear|hour|minute|second|millisecond|microsecond|nanosecond), datetime: datetime): int").alias("datepart"),
		sig("dayofmonth(date: datetime): int"),
		sig("dayofweek(date: datetime): timespan"),
		sig("dayofyear(date: datetime): int"),
		sig("getmonth(date: datetime): int"),
		sig("getyear(date: datetime): int"),
		sig("hourofday(date: datetime): int"),
		sig("monthofyear(date: datetime): int"),
		sig("weekofyear(date: datetime): int"),
		sig("week_of_year(date: datetime): int"),
		sig("startofday(date: datetime, [offset: integer]): datetime").named(NameFirstArg),
		sig("startofweek(date: datetime, [offset: integer]): datetime"),
		sig("startofmonth(date: datetime, [offset: integer]): datetime"),
		sig("startofyear(date: datetime, [offset: integer]): datetime"),
		sig("endofday(date: datetime, [offset: integer]): datetime"),
		sig("endofweek(date: datetime, [offset: integer]): datetime"),
		sig("endofmonth(date: datetime, [offset: integer]): datetime"),
		sig("endofyear(date: datetime, [offset: integer]): datetime"),
		sig("make_datetime(year: number, month: number, day: number, [hour: number, minute: number, second: number]): datetime",
			// Kusto also accepts one value of any type, which it converts
			// as todatetime does; the reference does not document it.
			"make_datetime(value: scalar): datetime"),
		sig("make_timespan(hours: integer, minutes: integer, [seconds: integer]): timespan",
			"make_timespan(days: integer, hours: integer, minutes: integer, seconds: integer): timespan"),
		sig("format_datetime(date: datetime, format: const string): string").named(NameFirstArg),
		sig("format_timespan(timespan: timespan, format: const string): string").named(NameFirstArg),
		sig("unixtime_seconds_todatetime(seconds: number): datetime"),
		sig("unixtime_milliseconds_todatetime(milliseconds: number): datetime"),
		sig("unixtime_microseconds_todatetime(microseconds: number): datetime"),
		sig("unixtime_nanoseconds_todatetime(nanoseconds: number): datetime"),
		sig("datetime_utc_to_local(from: datetime, timezone: string): datetime"),
		sig("datetime_local_to_utc(from: datetime, timezone: string): datetime"),
		sig("datetime_list_timezones(): dynamic"),
	})
}
