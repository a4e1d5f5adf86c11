using ArticleReader.Web.Newsletter;

namespace ArticleReader.Tests.Newsletter;

public sealed class EmailAddressValidatorTests
{
    [Theory]
    [InlineData("reader@example.com", "reader@example.com")]
    [InlineData("  reader@example.com  ", "reader@example.com")]
    [InlineData("reader@example.com\r\n", "reader@example.com")]
    [InlineData("first.last+news@example.com", "first.last+news@example.com")]
    [InlineData("anna@mail.sub.example.co.uk", "anna@mail.sub.example.co.uk")]
    [InlineData("user123@example123.com", "user123@example123.com")]
    [InlineData("first-last@my-domain.example", "first-last@my-domain.example")]
    [InlineData("o_brien@example.com", "o_brien@example.com")]
    [InlineData("x@a.io", "x@a.io")]
    [InlineData("Reader@EXAMPLE.COM", "Reader@example.com")]
    [InlineData("anna@bücher.example", "anna@xn--bcher-kva.example")]
    [InlineData("anna@BÜCHER.example", "anna@xn--bcher-kva.example")]
    [InlineData("user@例え。テスト", "user@xn--r8jz45g.xn--zckzah")]
    [InlineData("-2@example.com", "-2@example.com")]
    public void Validate_GoodAddress_IsAcceptedAndNormalized(string input, string expected)
    {
        var result = EmailAddressValidator.Validate(input);

        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal(expected, result.NormalizedAddress);
        Assert.Null(result.ErrorMessage);
    }

    [Theory]
    [InlineData(null, "Enter your e-mail address.")]
    [InlineData("", "Enter your e-mail address.")]
    [InlineData("   ", "Enter your e-mail address.")]
    [InlineData("reader.example.com", "An e-mail address needs an @ sign, like name@example.com.")]
    [InlineData("a@b@example.com", "An e-mail address needs one @ sign, not several.")]
    [InlineData("@example.com", "Add the part before the @ sign, like name@example.com.")]
    [InlineData("reader@", "Add the part after the @ sign, like example.com.")]
    [InlineData("reader@example", "The part after @ needs a dot, like example.com.")]
    [InlineData("reader@.example.com", "The part after @ can't start or end with a dot or have two dots in a row.")]
    [InlineData("reader@example..com", "The part after @ can't start or end with a dot or have two dots in a row.")]
    [InlineData("reader@example.com.", "The part after @ can't start or end with a dot or have two dots in a row.")]
    [InlineData("reader@-example.com", "Each part of the domain after @ must start and end with a letter or digit, not a hyphen.")]
    [InlineData("reader@example-.com", "Each part of the domain after @ must start and end with a letter or digit, not a hyphen.")]
    [InlineData(".reader@example.com", "The part before @ can't start or end with a dot.")]
    [InlineData("reader.@example.com", "The part before @ can't start or end with a dot.")]
    [InlineData("re..ader@example.com", "The part before @ can't have two dots in a row.")]
    [InlineData("re ader@example.com", "E-mail addresses can't contain spaces.")]
    [InlineData("reader@example.com\u00A0x", "E-mail addresses can't contain spaces.")]
    [InlineData("reader@example.com\r\nBcc: victim@example.com", "E-mail addresses can't contain line breaks, tabs or other control characters.")]
    [InlineData("reader@exa\rmple.com", "E-mail addresses can't contain line breaks, tabs or other control characters.")]
    [InlineData("reader@exa\nmple.com", "E-mail addresses can't contain line breaks, tabs or other control characters.")]
    [InlineData("re\tader@example.com", "E-mail addresses can't contain line breaks, tabs or other control characters.")]
    [InlineData("re\u0001ader@example.com", "E-mail addresses can't contain line breaks, tabs or other control characters.")]
    [InlineData("re\u007Fader@example.com", "E-mail addresses can't contain line breaks, tabs or other control characters.")]
    [InlineData("\"reader\"@example.com", "E-mail addresses can't contain quotation marks.")]
    [InlineData("o'brien@example.com", "E-mail addresses can't contain quotation marks.")]
    [InlineData("a@example.com,b@example.com", "E-mail addresses can't contain commas. Enter one address only.")]
    [InlineData("a@example.com;b@example.com", "E-mail addresses can't contain semicolons. Enter one address only.")]
    [InlineData("<reader@example.com>", "E-mail addresses can't contain < or >. Enter just the address, like name@example.com.")]
    [InlineData("reader(comment)@example.com", "E-mail addresses can't contain parentheses.")]
    [InlineData("re\\ader@example.com", "E-mail addresses can't contain backslashes.")]
    [InlineData("reader@[127.0.0.1]", "E-mail addresses can't contain square brackets.")]
    [InlineData("jörg@example.com", "The part before @ can only use unaccented letters, digits and signs such as . _ + -")]
    [InlineData("re:ader@example.com", "The part before @ can only use unaccented letters, digits and signs such as . _ + -")]
    [InlineData("reader@exa_mple.com", "The part after @ isn't a valid domain name.")]
    [InlineData("reader@exa!mple.com", "The part after @ isn't a valid domain name.")]
    public void Validate_BadAddress_IsRejectedWithMessage(string? input, string expectedMessage)
    {
        var result = EmailAddressValidator.Validate(input);

        Assert.False(result.IsValid);
        Assert.Null(result.NormalizedAddress);
        Assert.Equal(expectedMessage, result.ErrorMessage);
    }

    [Fact]
    public void Validate_LocalPartOf64_IsAccepted()
    {
        var address = new string('a', 64) + "@example.com";

        Assert.True(EmailAddressValidator.Validate(address).IsValid);
    }

    [Fact]
    public void Validate_LocalPartOf65_IsRejected()
    {
        var result = EmailAddressValidator.Validate(new string('a', 65) + "@example.com");

        Assert.Equal("The part before @ is too long (64 characters at most).", result.ErrorMessage);
    }

    [Fact]
    public void Validate_Total254_IsAccepted()
    {
        var address = BuildAddress(254);

        Assert.Equal(254, address.Length);
        Assert.True(EmailAddressValidator.Validate(address).IsValid);
    }

    [Fact]
    public void Validate_Total255_IsRejected()
    {
        var address = BuildAddress(255);

        Assert.Equal(255, address.Length);
        Assert.Equal("That address is too long (254 characters at most).", EmailAddressValidator.Validate(address).ErrorMessage);
    }

    [Fact]
    public void Validate_IdnThatGrowsPast254AsPunycode_IsRejected()
    {
        // Each 30-'ü' label becomes a 36-character xn-- label, so the typed form fits but the stored form does not.
        var label = new string('ü', 30);
        var address = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(label, 5)) + ".example";

        var result = EmailAddressValidator.Validate(address);

        Assert.True(address.Length <= 254);
        Assert.Equal("That address is too long (254 characters at most).", result.ErrorMessage);
    }

    [Fact]
    public void Validate_InvalidPunycodeLabel_IsRejected()
    {
        var result = EmailAddressValidator.Validate("reader@xn--a.example");

        Assert.Equal("The part after @ isn't a valid domain name.", result.ErrorMessage);
    }

    [Fact]
    public void Key_DiffersOnlyInCase_IsEqual()
    {
        Assert.Equal(EmailAddressValidator.Key("A@Example.com"), EmailAddressValidator.Key("a@example.com"));
        Assert.Equal("a@example.com", EmailAddressValidator.Key("A@EXAMPLE.COM"));
    }

    [Fact]
    public void Validate_LocalPartCase_IsKept()
    {
        Assert.Equal("John.Smith@example.com", EmailAddressValidator.Validate("John.Smith@Example.com").NormalizedAddress);
    }

    private static string BuildAddress(int totalLength)
    {
        // 64-char local part, then 63-char labels, padded in the last label, all under the per-part limits.
        var local = new string('a', 64);
        var remaining = totalLength - local.Length - 1 - ".com".Length;
        var labels = new List<string>();
        while (remaining > 0)
        {
            var take = Math.Min(63, remaining);
            if (labels.Count > 0)
            {
                take = Math.Min(63, remaining - 1);
                remaining--;
            }

            labels.Add(new string('b', take));
            remaining -= take;
        }

        return local + "@" + string.Join('.', labels) + ".com";
    }
}
