using System.Globalization;
using System.Text;

namespace ArticleReader.Web.Content;

/// <summary>
/// Turns names into URL slugs: lower-case, letters and digits of any script kept, every run of
/// other characters becomes one '-', leading and trailing '-' trimmed.
/// </summary>
public static class Slugger
{
    /// <summary>Returns the slug of <paramref name="name"/>; empty when nothing sluggable is left.</summary>
    public static string Slugify(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }

        var normalized = name.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalized.Length);
        var pendingDash = false;
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (IsKept(rune))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingDash = false;
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else
            {
                pendingDash = true;
            }
        }

        return builder.ToString();
    }

    // Combining marks are part of words in many scripts (Devanagari vowel signs, for example),
    // so they stay with the letters around them.
    private static bool IsKept(Rune rune) =>
        Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark;
}
