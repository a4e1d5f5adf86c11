using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ArticleReader.Web.Newsletter;

/// <summary>
/// RFC 4180 CSV for subscriber records with the header <c>email,subscribed_at_utc,source_path</c>.
/// </summary>
/// <remarks>
/// <para>
/// Records end with CRLF (RFC 4180). Fields containing a comma, quote, CR or LF are quoted with quotes doubled.
/// </para>
/// <para>
/// Spreadsheet formula injection: a value starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR
/// is written with a leading <c>'</c> so spreadsheet programs show it as text. A value that itself starts
/// with <c>'</c> gets one too, so that reading always strips exactly one leading <c>'</c> and every value
/// round-trips unchanged.
/// </para>
/// <para>Timestamps are ISO 8601 UTC with seven fractional digits and a <c>Z</c>, e.g. <c>2026-11-26T06:30:12.1234567Z</c>.</para>
/// </remarks>
public static class SubscriberCsv
{
    /// <summary>The header line (without line terminator).</summary>
    public const string Header = "email,subscribed_at_utc,source_path";

    /// <summary>The record terminator (RFC 4180).</summary>
    public const string LineTerminator = "\r\n";

    private const string TimestampWriteFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    // Lenient on fractional digits so hand-edited or older files still parse; still requires the Z.
    private const string TimestampReadFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>Formats one record as a CSV line without the line terminator.</summary>
    public static string FormatRecord(SubscriberRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var builder = new StringBuilder(record.Email.Length + record.SourcePath.Length + 40);
        AppendField(builder, record.Email);
        builder.Append(',');
        AppendField(builder, FormatTimestamp(record.SubscribedAtUtc));
        builder.Append(',');
        AppendField(builder, record.SourcePath);
        return builder.ToString();
    }

    /// <summary>Formats a single value as a CSV field (formula guard and quoting applied).</summary>
    public static string FormatField(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 4);
        AppendField(builder, value);
        return builder.ToString();
    }

    /// <summary>Formats a timestamp the way it is stored: UTC, seven fractional digits, trailing Z.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampWriteFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses one CSV record (without its terminator; it may contain CR/LF inside quoted fields).
    /// Returns false for anything that is not exactly three well-formed fields with a valid timestamp.
    /// </summary>
    public static bool TryParseRecord(string line, [NotNullWhen(true)] out SubscriberRecord? record)
    {
        ArgumentNullException.ThrowIfNull(line);
        record = null;
        if (!TryParseFields(line, out var fields) || fields.Count != 3 || fields[0].Length == 0)
        {
            return false;
        }

        if (!DateTimeOffset.TryParseExact(
                fields[1],
                TimestampReadFormat,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var subscribedAt))
        {
            return false;
        }

        record = new SubscriberRecord(fields[0], subscribedAt, fields[2]);
        return true;
    }

    /// <summary>
    /// Splits one CSV record into its fields, undoing quoting and the formula-guard prefix.
    /// Returns false on an unterminated quote or a quote inside an unquoted field.
    /// </summary>
    public static bool TryParseFields(string line, out IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(line);
        var result = new List<string>(3);
        fields = result;
        var builder = new StringBuilder();
        var i = 0;
        while (true)
        {
            builder.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return false;
                    }

                    var c = line[i];
                    if (c == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            builder.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    builder.Append(c);
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    return false;
                }
            }
            else
            {
                var end = line.IndexOf(',', i);
                if (end < 0)
                {
                    end = line.Length;
                }

                var raw = line.AsSpan(i, end - i);

                // A bare quote, CR or LF means the writer was not RFC 4180 or the line is damaged.
                if (raw.IndexOfAny('"', '\r', '\n') >= 0)
                {
                    return false;
                }

                builder.Append(raw);
                i = end;
            }

            result.Add(RemoveFormulaGuard(builder.ToString()));
            if (i >= line.Length)
            {
                return true;
            }

            // Skip the comma; a trailing comma means one more (empty) field.
            i++;
        }
    }

    /// <summary>Writes the header and every record (CRLF-terminated), e.g. for <c>subscribers export</c>.</summary>
    public static void WriteAll(TextWriter writer, IEnumerable<SubscriberRecord> records)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        writer.Write(Header);
        writer.Write(LineTerminator);
        foreach (var record in records)
        {
            writer.Write(FormatRecord(record));
            writer.Write(LineTerminator);
        }
    }

    /// <summary>
    /// Reads a whole CSV document written by <see cref="WriteAll"/>: the header, then records, which may
    /// span several physical lines when a quoted field contains line breaks.
    /// </summary>
    /// <exception cref="FormatException">The header is missing or a record is malformed (the message names the line, never the address).</exception>
    public static IEnumerable<SubscriberRecord> ReadAll(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadAllCore(reader);
    }

    private static IEnumerable<SubscriberRecord> ReadAllCore(TextReader reader)
    {
        var first = true;
        foreach (var (text, lineNumber) in ReadRawRecords(reader))
        {
            if (first)
            {
                first = false;
                if (!string.Equals(text.TrimStart('\uFEFF'), Header, StringComparison.Ordinal))
                {
                    throw new FormatException($"Line 1 is not the subscriber header '{Header}'.");
                }

                continue;
            }

            if (text.Length == 0)
            {
                continue;
            }

            if (!TryParseRecord(text, out var record))
            {
                throw new FormatException($"Line {lineNumber} is not a valid subscriber record.");
            }

            yield return record;
        }

        if (first)
        {
            throw new FormatException($"The document is empty; expected the header '{Header}'.");
        }
    }

    // Splits on line breaks outside quotes, so multi-line quoted fields stay in one record.
    private static IEnumerable<(string Text, int LineNumber)> ReadRawRecords(TextReader reader)
    {
        var builder = new StringBuilder();
        var inQuotes = false;
        var physicalLine = 1;
        var recordStartLine = 1;
        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }

            if (c == '\n')
            {
                physicalLine++;
                if (!inQuotes)
                {
                    if (builder.Length > 0 && builder[^1] == '\r')
                    {
                        builder.Length--;
                    }

                    yield return (builder.ToString(), recordStartLine);
                    builder.Clear();
                    recordStartLine = physicalLine;
                    continue;
                }
            }

            builder.Append(c);
        }

        if (builder.Length > 0)
        {
            yield return (builder.ToString(), recordStartLine);
        }
    }

    private static void AppendField(StringBuilder builder, string value)
    {
        if (NeedsFormulaGuard(value))
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            builder.Append(value);
            return;
        }

        builder.Append('"');
        builder.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        builder.Append('"');
    }

    private static bool NeedsFormulaGuard(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'';

    private static string RemoveFormulaGuard(string value) =>
        value.Length > 0 && value[0] == '\'' ? value[1..] : value;
}
