using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ArticleReader.Web.Content;

/// <summary>
/// The fields of a YAML header, matched case-insensitively with '_' and '-' alike, each with
/// the line where it stands in the file.
/// </summary>
public sealed class FrontMatter
{
    private readonly Dictionary<string, (YamlNode Node, int Line, int Column)> _fields;

    private FrontMatter(Dictionary<string, (YamlNode, int, int)> fields) => _fields = fields;

    /// <summary>Parses YAML text that starts at <paramref name="firstLine"/> of the file.</summary>
    /// <exception cref="FrontMatterException">The YAML is broken or is not a mapping.</exception>
    public static FrontMatter Parse(string yaml, int firstLine)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            var line = (int)ex.Start.Line + firstLine - 1;
            var column = (int)ex.Start.Column;
            throw new FrontMatterException(line, column, $"the front matter is not valid YAML ({Describe(ex)}); check quotes and indentation, and put values that contain ': ' in quotes");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NullReferenceException)
        {
            // YamlDotNet fails this way on some broken input (an unclosed '[' before a new key);
            // the last token it read before failing is the place to look.
            var (line, column) = LastReadablePosition(yaml);
            throw new FrontMatterException(line + firstLine - 1, column, "the front matter is not valid YAML (an unclosed '[', '{' or quote near here); check brackets and quotes");
        }

        var fields = new Dictionary<string, (YamlNode, int, int)>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0)
        {
            return new FrontMatter(fields);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            var node = stream.Documents[0].RootNode;
            if (node is YamlScalarNode { Value: null or "" })
            {
                return new FrontMatter(fields);
            }

            throw new FrontMatterException(firstLine, 1, "the front matter must be a list of 'field: value' lines");
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                // Problems are reported at the value, where the editor has to look.
                fields.TryAdd(NormalizeKey(name), (value, (int)value.Start.Line + firstLine - 1, (int)value.Start.Column));
            }
        }

        return new FrontMatter(fields);
    }

    /// <summary>Field names compare case-insensitively, with '_' and '-' alike.</summary>
    public static string NormalizeKey(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');

    /// <summary>The first of <paramref name="names"/> that is present, as text.</summary>
    public string? GetString(params string[] names) => Find(names) is { } f ? AsString(f.Node) : null;

    /// <summary>Line of the first of <paramref name="names"/> that is present, else 0.</summary>
    public int LineOf(params string[] names) => Find(names)?.Line ?? 0;

    /// <summary>Column of the first of <paramref name="names"/> that is present, else 0.</summary>
    public int ColumnOf(params string[] names) => Find(names)?.Column ?? 0;

    /// <summary>A list field: a YAML sequence, or one string split on commas when <paramref name="splitCommas"/>.</summary>
    public IReadOnlyList<string> GetList(bool splitCommas, params string[] names)
    {
        if (Find(names) is not { } field)
        {
            return [];
        }

        IEnumerable<string> items = field.Node switch
        {
            YamlSequenceNode seq => seq.Children.Select(AsString).OfType<string>(),
            YamlScalarNode scalar when scalar.Value is { } s => splitCommas ? s.Split(',') : [s],
            _ => [],
        };

        return items.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>True when any of <paramref name="names"/> is present.</summary>
    public bool Has(params string[] names) => Find(names) is not null;

    private (YamlNode Node, int Line, int Column)? Find(string[] names)
    {
        foreach (var name in names)
        {
            if (_fields.TryGetValue(name, out var field))
            {
                return field;
            }
        }

        return null;
    }

    private static string? AsString(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode seq => seq.Children.Select(AsString).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)),
        _ => null,
    };

    private static (int Line, int Column) LastReadablePosition(string yaml)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var last = (Line: 1, Column: 1);
        try
        {
            while (scanner.MoveNext())
            {
                last = ((int)scanner.Current!.Start.Line, (int)scanner.Current.Start.Column);
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            // The position reached so far is what we report.
        }

        return last;
    }

    private static string Describe(YamlException ex)
    {
        // YamlDotNet messages start with "(Line: 3, Col: 7, Idx: 40) - (...): "; the position is
        // reported separately, so keep only the explanation.
        var message = ex.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return (cut >= 0 ? message[(cut + 3)..] : message).Trim().TrimEnd('.');
    }
}

/// <summary>A front matter problem at a place in the file.</summary>
public sealed class FrontMatterException(int line, int column, string message) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
