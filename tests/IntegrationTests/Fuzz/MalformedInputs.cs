using System.Text;
using System.Text.Json.Nodes;

namespace Platform.IntegrationTests.Fuzz;

/// <summary>
/// Deterministic generator of malformed request bodies derived from one valid JSON body: broken
/// JSON, wrong types, huge numbers, deep nesting, long strings, odd Unicode and invalid UTF-8,
/// unknown and duplicate fields, non-object documents, trailing data.
/// </summary>
public static class MalformedInputs
{
    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "\ud800", "\udfff", "\u202e\u202dabc", "\u200b\u200c\u200d", "\ufeff", "💥🔥👩‍👩‍👧‍👦", "ẞ", "İ", "\r\n\t",
        "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd", "${jndi:ldap://x}", "\\", "\"", "a\u0085b", "\uffff", "Ω≈ç√",
        "%s%n%x", "{{7*7}}", "null", "true", "0", "-1", "1e309",
    ];

    private static readonly string[] OddNumbers =
    [
        "0", "-0", "1e308", "1e309", "-1e309", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "123456789012345678901234567890", "0.5", "3.0", "1e-400", "2147483648", "-2147483649", "1E2", "0x10", "01", "NaN", "Infinity", "-",
    ];

    /// <summary>Yields <paramref name="count"/> malformed variants of <paramref name="validJson"/> (an object).</summary>
    public static IEnumerable<byte[]> Generate(string validJson, int count, int seed)
    {
        var random = new Random(seed);
        var template = JsonNode.Parse(validJson)!.AsObject();
        var keys = template.Select(p => p.Key).ToArray();
        for (var i = 0; i < count; i++)
        {
            yield return (i % 16) switch
            {
                0 => Utf8(Truncate(validJson, random)),
                1 => Utf8(Corrupt(validJson, random)),
                2 => Utf8(ReplaceValue(template, keys, random, WrongTypeValue(random))),
                3 => Utf8(ReplaceValue(template, keys, random, OddNumbers[random.Next(OddNumbers.Length)])),
                4 => Utf8(ReplaceValue(template, keys, random, Quote(OddStrings[random.Next(OddStrings.Length)]))),
                5 => Utf8(ReplaceValue(template, keys, random, Quote(new string((char)random.Next(0x20, 0x7e), random.Next(1_000, 200_000))))),
                6 => Utf8(ReplaceValue(template, keys, random, Nest(random.Next(2, 4000), random))),
                7 => Utf8(AddField(template, random)),
                8 => Utf8(Duplicate(template, keys, random)),
                9 => Utf8(NonObject(random)),
                10 => InvalidUtf8(validJson, random),
                11 => Utf8(validJson + Garbage(random)),
                12 => Utf8(RemoveField(template, keys, random)),
                13 => Utf8("\ufeff" + validJson),
                14 => Utf8(ReplaceValue(template, keys, random, RandomJson(random, 0))),
                _ => Utf8(Nest(random.Next(100, 20_000), random)),
            };
        }
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private static string Truncate(string json, Random random) => json[..random.Next(0, Math.Max(1, json.Length - 1))];

    private static string Corrupt(string json, Random random)
    {
        var chars = json.ToCharArray().ToList();
        var edits = random.Next(1, 4);
        const string noise = "{}[]\":,\\ \u0000tfn0-.eE";
        for (var e = 0; e < edits && chars.Count > 0; e++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars[at] = noise[random.Next(noise.Length)]; break;
                case 1: chars.Insert(at, noise[random.Next(noise.Length)]); break;
                default: chars.RemoveAt(at); break;
            }
        }

        return new string(chars.ToArray());
    }

    private static string WrongTypeValue(Random random) =>
        random.Next(7) switch
        {
            0 => "null",
            1 => "true",
            2 => "[]",
            3 => "{}",
            4 => "[1,\"a\",null,{}]",
            5 => "{\"nested\":{\"deeper\":[1,2,3]}}",
            _ => random.Next(2) == 0 ? "42" : "\"42\"",
        };

    private static string ReplaceValue(JsonObject template, string[] keys, Random random, string rawValue)
    {
        if (keys.Length == 0)
        {
            return $"{{\"x\":{rawValue}}}";
        }

        var key = keys[random.Next(keys.Length)];
        var parts = template.Select(p => p.Key == key ? $"{Quote(p.Key)}:{rawValue}" : $"{Quote(p.Key)}:{p.Value?.ToJsonString() ?? "null"}");
        return "{" + string.Join(",", parts) + "}";
    }

    private static string AddField(JsonObject template, Random random)
    {
        var copy = template.DeepClone().AsObject();
        var name = random.Next(4) switch
        {
            0 => "unknownField",
            1 => "__proto__",
            2 => "constructor",
            _ => "x" + random.Next(1000),
        };
        copy[name] = random.Next(2) == 0 ? JsonValue.Create(1) : new JsonObject { ["a"] = 1 };
        return copy.ToJsonString();
    }

    private static string RemoveField(JsonObject template, string[] keys, Random random)
    {
        var copy = template.DeepClone().AsObject();
        if (keys.Length > 0)
        {
            copy.Remove(keys[random.Next(keys.Length)]);
        }

        return copy.ToJsonString();
    }

    private static string Duplicate(JsonObject template, string[] keys, Random random)
    {
        if (keys.Length == 0)
        {
            return "{\"a\":1,\"a\":2}";
        }

        var key = keys[random.Next(keys.Length)];
        var body = template.ToJsonString();
        return body[..^1] + (template.Count > 0 ? "," : "") + Quote(key) + ":" + WrongTypeValue(random) + "}";
    }

    private static string NonObject(Random random) =>
        random.Next(10) switch
        {
            0 => "",
            1 => "   \n\t ",
            2 => "null",
            3 => "[]",
            4 => "\"just a string\"",
            5 => "12345",
            6 => "true",
            7 => "{",
            8 => "}",
            _ => "{}{}",
        };

    private static byte[] InvalidUtf8(string json, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(json).ToList();
        byte[][] bad = [[0xff], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xf0, 0x90, 0x28, 0xbc], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x80]];
        var quote = json.IndexOf(":\"", StringComparison.Ordinal);
        var at = quote >= 0 ? Encoding.UTF8.GetByteCount(json[..(quote + 2)]) : random.Next(bytes.Count);
        bytes.InsertRange(at, bad[random.Next(bad.Length)]);
        return bytes.ToArray();
    }

    private static string Garbage(Random random) =>
        random.Next(5) switch
        {
            0 => "{}",
            1 => "x",
            2 => "\u0000",
            3 => ",",
            _ => " " + new string('}', random.Next(1, 50)),
        };

    private static string Nest(int depth, Random random)
    {
        var open = random.Next(2) == 0 ? '[' : '{';
        if (open == '[')
        {
            return new string('[', depth) + new string(']', depth);
        }

        var sb = new StringBuilder(depth * 6);
        for (var i = 0; i < depth; i++)
        {
            sb.Append("{\"a\":");
        }

        sb.Append('1');
        sb.Append('}', depth);
        return sb.ToString();
    }

    private static string RandomJson(Random random, int depth)
    {
        if (depth > 4)
        {
            return "1";
        }

        return random.Next(6) switch
        {
            0 => OddNumbers[random.Next(OddNumbers.Length)],
            1 => Quote(OddStrings[random.Next(OddStrings.Length)]),
            2 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomJson(random, depth + 1))) + "]",
            3 => "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(j => $"\"k{j}\":{RandomJson(random, depth + 1)}")) + "}",
            4 => "null",
            _ => random.Next(2) == 0 ? "true" : "false",
        };
    }
}
