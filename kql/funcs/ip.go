package funcs

func init() {
	register("ip", Scalar, []def{
		sig("ipv4_compare(ip1: string, ip2: string, [prefix: integer]): long"),
		sig("ipv4_is_in_range(ip: string, ip_range: string): bool"),
		sig("ipv4_is_in_any_range(ip: string, {ip_range: string|dynamic}...): bool"),
		sig("ipv4_is_match(ip1: string, ip2: string, [prefix: integer]): bool"),
		sig("ipv4_is_private(ip: string): bool"),
		sig("ipv4_netmask_suffix(ip: string): long"),
		sig("ipv4_range_to_cidr_list(start_ip: string, end_ip: string): dynamic"),
		sig("parse_ipv4(ip: string): long"),
		sig("parse_ipv4_mask(ip: string, prefix: integer): long"),
		sig("parse_ipv6(ip: string): string"),
		sig("parse_ipv6_mask(ip: string, prefix: integer): string"),
		sig("format_ipv4(ip: scalar|integer, [prefix: integer]): string"),
		sig("format_ipv4_mask(ip: scalar|integer, prefix: integer): string"),
		sig("ipv6_compare(ip1: string, ip2: string, [prefix: integer]): long"),
		sig("ipv6_is_match(ip1: string, ip2: string, [prefix: integer]): bool"),
		sig("ipv6_is_in_range(ip: string, ip_range: string): bool"),
		sig("ipv6_is_in_any_range(ip: string, {ip_range: string|dynamic}...): bool"),
		sig("geo_info_from_ip_address(ip: string): dynamic"),
	})
}
