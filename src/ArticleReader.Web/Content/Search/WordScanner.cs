using System.Buffers;
using System.Globalization;
using System.Text;

namespace ArticleReader.Web.Content.Search;

/// <summary>
/// Finds words in text without allocating: a word is a run of letters or decimal digits of any script, with
/// combining marks allowed inside it (so a decomposed "u&#776;" stays one word).
/// </summary>
/// <remarks>Shared by indexing, query parsing and highlighting so that all three agree on word boundaries.</remarks>
internal ref struct WordScanner
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    public WordScanner(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = 0;
        Start = 0;
        Length = 0;
    }

    /// <summary>Start of the current word in the text.</summary>
    public int Start { get; private set; }

    /// <summary>Length of the current word in UTF-16 code units.</summary>
    public int Length { get; private set; }

    /// <summary>The current word.</summary>
    public readonly ReadOnlySpan<char> Current => _text.Slice(Start, Length);

    /// <summary>Advances to the next word; false at the end of the text.</summary>
    public bool MoveNext()
    {
        var text = _text;
        var i = _position;
        while (i < text.Length)
        {
            var kind = Classify(text, i, out var width);
            if (kind == CharKind.Word)
            {
                break;
            }

            i += width;
        }

        if (i >= text.Length)
        {
            _position = i;
            return false;
        }

        var start = i;
        while (i < text.Length)
        {
            var kind = Classify(text, i, out var width);
            if (kind == CharKind.Separator)
            {
                break;
            }

            i += width;
        }

        Start = start;
        Length = i - start;
        _position = i;
        return true;
    }

    private enum CharKind
    {
        Separator,
        Word,
        Mark,
    }

    private static CharKind Classify(ReadOnlySpan<char> text, int index, out int width)
    {
        var c = text[index];
        width = 1;
        if (c < 0x80)
        {
            // ASCII dominates real text; keep it off the Unicode tables.
            return (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 ? CharKind.Word : CharKind.Separator;
        }

        UnicodeCategory category;
        if (char.IsSurrogate(c))
        {
            if (Rune.DecodeFromUtf16(text[index..], out var rune, out var consumed) != OperationStatus.Done)
            {
                return CharKind.Separator;
            }

            width = consumed;
            category = Rune.GetUnicodeCategory(rune);
        }
        else
        {
            category = CharUnicodeInfo.GetUnicodeCategory(c);
        }

        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber => CharKind.Word,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark => CharKind.Mark,
            _ => CharKind.Separator,
        };
    }
}
