package funcs

func init() {
	register("hash", Scalar, []def{
		sig("hash(source: notdynamic, [mod: integer]): long"),
		sig("hash_combine(hash: scalar, {hash: scalar}...): long"),
		sig("hash_many(value: notdynamic...): long"),
		sig("hash_md5(source: notdynamic): string"),
		sig("hash_sha1(source: notdynamic): string"),
		sig("hash_sha256(source: notdynamic): string"),
		sig("hash_xxhash64(source: notdynamic, [mod: integer]): long"),
	})
}
