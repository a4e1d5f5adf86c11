using ArticleReader.Web.Content;

namespace ArticleReader.Tests.Content;

public sealed class SluggerTests
{
    [Theory]
    [InlineData("Black Sea", "black-sea")]
    [InlineData("Rust.1.43.1", "rust-1-43-1")]
    [InlineData("  Middle East  ", "middle-east")]
    [InlineData("Asia-Pacific", "asia-pacific")]
    [InlineData("Military Industrial Complex", "military-industrial-complex")]
    [InlineData("Зеленський", "зеленський")]
    [InlineData("Олена Коваль", "олена-коваль")]
    [InlineData("Économie & Société!", "économie-société")]
    [InlineData("--Hello,,, World--", "hello-world")]
    [InlineData("東京 会議", "東京-会議")]
    [InlineData("हिन्दी", "हिन्दी")]
    [InlineData("!!!", "")]
    [InlineData("", "")]
    public void Slugify_Name_GivesContractSlug(string name, string expected) =>
        Assert.Equal(expected, Slugger.Slugify(name));

    [Fact]
    public void Slugify_SameName_GivesSameSlug() =>
        Assert.Equal(Slugger.Slugify("Defence Spending"), Slugger.Slugify("defence   spending"));
}
