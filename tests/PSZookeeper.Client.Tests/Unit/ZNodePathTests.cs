using System;
using System.Linq;
using PSZookeeper.Client.Errors;
using Xunit;

namespace PSZookeeper.Client.Tests.Unit
{
    public class ZNodePathTests
    {
        [Theory]
        [InlineData("/")]
        [InlineData("/a")]
        [InlineData("/a/b/c")]
        [InlineData("/zookeeper/quota")]
        [InlineData("/a b")]
        [InlineData("/...")]
        [InlineData("/.a")]
        [InlineData("/a.")]
        [InlineData("/..a")]
        [InlineData("/a..")]
        [InlineData("/a/.b/c")]
        [InlineData("/task-0000000001")]
        [InlineData("/\u00E9t\u00E9")]
        public void Validate_AcceptsValidPaths(string path)
        {
            ZNodePath.Validate(path);
            Assert.True(ZNodePath.IsValid(path));
        }

        [Theory]
        [InlineData("", "path must not be empty")]
        [InlineData("a", "path must start with '/'")]
        [InlineData("a/b", "path must start with '/'")]
        [InlineData("/a/", "path must not end with '/'")]
        [InlineData("//", "path must not end with '/'")]
        [InlineData("//a", "empty node name at index 1")]
        [InlineData("/a//b", "empty node name at index 3")]
        [InlineData("/.", "relative path segment '.' at index 1")]
        [InlineData("/..", "relative path segment '..' at index 1")]
        [InlineData("/a/./b", "relative path segment '.' at index 3")]
        [InlineData("/a/../b", "relative path segment '..' at index 3")]
        [InlineData("/a/.", "relative path segment '.' at index 3")]
        [InlineData("/a/..", "relative path segment '..' at index 3")]
        [InlineData("/a\u0000b", "null character at index 2")]
        [InlineData("/a\tb", "invalid character U+0009 at index 2")]
        public void Validate_RejectsInvalidPaths(string path, string reason)
        {
            var ex = Assert.Throws<InvalidPathException>(() => ZNodePath.Validate(path));
            Assert.Equal(path, ex.Path);
            Assert.Equal(reason, ex.Reason);
            Assert.Contains(reason, ex.Message);
            Assert.False(ZNodePath.IsValid(path));
        }

        // Code points rather than strings: xunit serializes string theory data as UTF-8, which
        // would turn a lone surrogate into U+FFFD before the test ever saw it.
        [Theory]
        [InlineData(0x0020)]
        [InlineData(0x007E)]
        [InlineData(0x00A0)]
        [InlineData(0xD7FF)]
        [InlineData(0xF900)]
        [InlineData(0xFFEF)]
        public void Validate_AcceptsBoundaryCharacters(int codePoint)
        {
            string path = "/a" + (char)codePoint + "b";
            ZNodePath.Validate(path);
        }

        [Theory]
        [InlineData(0x0001)]
        [InlineData(0x0009)]
        [InlineData(0x001F)]
        [InlineData(0x007F)]
        [InlineData(0x0085)]
        [InlineData(0x009F)]
        [InlineData(0xD800)]
        [InlineData(0xDBFF)]
        [InlineData(0xDC00)]
        [InlineData(0xDFFF)]
        [InlineData(0xE000)]
        [InlineData(0xF8FF)]
        [InlineData(0xFFF0)]
        [InlineData(0xFFFE)]
        [InlineData(0xFFFF)]
        public void Validate_RejectsForbiddenCharacters(int codePoint)
        {
            string path = "/a" + (char)codePoint + "b";
            var ex = Assert.Throws<InvalidPathException>(() => ZNodePath.Validate(path));
            Assert.Equal("invalid character U+" + codePoint.ToString("X4") + " at index 2", ex.Reason);
            Assert.Equal(path, ex.Path);
            Assert.False(ZNodePath.IsValid(path));
        }

        [Fact]
        public void Validate_RejectsSurrogatePairs()
        {
            // Supplementary characters (e.g. emoji) are forbidden because their UTF-16 halves are.
            var ex = Assert.Throws<InvalidPathException>(() => ZNodePath.Validate("/ok/\uD83D\uDE00"));
            Assert.Equal("invalid character U+D83D at index 4", ex.Reason);
        }

        [Fact]
        public void Validate_ReportsFirstProblem()
        {
            var ex = Assert.Throws<InvalidPathException>(() => ZNodePath.Validate("/a\u0001//b"));
            Assert.Equal("invalid character U+0001 at index 2", ex.Reason);
        }

        [Fact]
        public void Validate_RejectsNull()
        {
            var ex = Assert.Throws<InvalidPathException>(() => ZNodePath.Validate(null!));
            Assert.Null(ex.Path);
            Assert.Equal("path must not be null", ex.Reason);
            Assert.False(ZNodePath.IsValid(null));
        }

        [Fact]
        public void InvalidPathException_MessageNamesPathAndReason()
        {
            var ex = Assert.Throws<InvalidPathException>(() => ZNodePath.Validate("/a//b"));
            Assert.Equal("Invalid path '/a//b': empty node name at index 3", ex.Message);
            Assert.IsAssignableFrom<ArgumentException>(ex);
        }

        [Fact]
        public void InvalidPathException_MessageEscapesForbiddenCharacters()
        {
            var ex = Assert.Throws<InvalidPathException>(() => ZNodePath.Validate("/a\u0000b"));
            Assert.Equal("Invalid path '/a\\u0000b': null character at index 2", ex.Message);
            Assert.Equal("/a\u0000b", ex.Path);
        }

        [Theory]
        [InlineData("/")]
        [InlineData("/queue/")]
        [InlineData("/queue/item-")]
        [InlineData("/a/b")]
        public void Validate_Sequential_AcceptsPathsTheServerCompletes(string path)
        {
            ZNodePath.Validate(path, isSequential: true);
            Assert.True(ZNodePath.IsValid(path, isSequential: true));
        }

        [Theory]
        [InlineData("", "path must not be empty")]
        [InlineData("queue/", "path must start with '/'")]
        [InlineData("/a//", "empty node name at index 3")]
        [InlineData("/a/./", "relative path segment '.' at index 3")]
        [InlineData("/a/../", "relative path segment '..' at index 3")]
        [InlineData("/a\u0001/", "invalid character U+0001 at index 2")]
        [InlineData("/a\u007F/", "invalid character U+007F at index 2")]
        public void Validate_Sequential_StillAppliesOtherRules(string path, string reason)
        {
            var ex = Assert.Throws<InvalidPathException>(() => ZNodePath.Validate(path, isSequential: true));
            Assert.Equal(path, ex.Path);
            Assert.Equal(reason, ex.Reason);
        }

        [Fact]
        public void Validate_NonSequential_RejectsTrailingSlashThatSequentialAllows()
        {
            Assert.Throws<InvalidPathException>(() => ZNodePath.Validate("/queue/"));
        }

        [Theory]
        [InlineData("/", "a", "/a")]
        [InlineData("/a", "b", "/a/b")]
        [InlineData("/a/b", "c", "/a/b/c")]
        [InlineData("/a", "b/c", "/a/b/c")]
        public void Join_CombinesParentAndChild(string parent, string child, string expected)
        {
            Assert.Equal(expected, ZNodePath.Join(parent, child));
        }

        [Theory]
        [InlineData("/a", "")]
        [InlineData("/a", "/b")]
        [InlineData("/a", "b/")]
        [InlineData("/a", "..")]
        [InlineData("/a", "b\u0000")]
        [InlineData("a", "b")]
        [InlineData("/a/", "b")]
        public void Join_RejectsInvalidInput(string parent, string child)
        {
            Assert.Throws<InvalidPathException>(() => ZNodePath.Join(parent, child));
        }

        [Fact]
        public void Join_RejectsNull()
        {
            Assert.Throws<ArgumentNullException>(() => ZNodePath.Join(null!, "a"));
            Assert.Throws<ArgumentNullException>(() => ZNodePath.Join("/", null!));
        }

        [Theory]
        [InlineData("/a", "/")]
        [InlineData("/a/b", "/a")]
        [InlineData("/a/b/c", "/a/b")]
        public void GetParent_ReturnsParent(string path, string expected)
        {
            Assert.Equal(expected, ZNodePath.GetParent(path));
        }

        [Fact]
        public void GetParent_OfRootThrows()
        {
            var ex = Assert.Throws<ArgumentException>(() => ZNodePath.GetParent("/"));
            Assert.IsNotType<InvalidPathException>(ex);
        }

        [Fact]
        public void GetParent_OfInvalidPathThrows()
        {
            Assert.Throws<InvalidPathException>(() => ZNodePath.GetParent("/a//b"));
        }

        [Theory]
        [InlineData("/", "")]
        [InlineData("/a", "a")]
        [InlineData("/a/b", "b")]
        [InlineData("/a/task-0000000007", "task-0000000007")]
        public void GetName_ReturnsLastSegment(string path, string expected)
        {
            Assert.Equal(expected, ZNodePath.GetName(path));
        }

        [Fact]
        public void GetName_OfInvalidPathThrows()
        {
            Assert.Throws<InvalidPathException>(() => ZNodePath.GetName("a/b"));
        }

        [Theory]
        [InlineData("/", new string[0])]
        [InlineData("/a", new string[0])]
        [InlineData("/a/b", new[] { "/a" })]
        [InlineData("/a/b/c", new[] { "/a", "/a/b" })]
        [InlineData("/x/yy/zzz/w", new[] { "/x", "/x/yy", "/x/yy/zzz" })]
        public void Ancestors_YieldsTopDownExcludingRootAndSelf(string path, string[] expected)
        {
            Assert.Equal(expected, ZNodePath.Ancestors(path).ToArray());
        }

        [Fact]
        public void Ancestors_ValidatesEagerly()
        {
            // Thrown at the call, not on first MoveNext, so a bad path fails where it is passed.
            Assert.Throws<InvalidPathException>(() => ZNodePath.Ancestors("/a//b"));
        }

        [Theory]
        [InlineData(null, "/", "/")]
        [InlineData(null, "/a", "/a")]
        [InlineData("", "/a", "/a")]
        [InlineData("/", "/a", "/a")]
        [InlineData("/chroot", "/", "/chroot")]
        [InlineData("/chroot", "/x", "/chroot/x")]
        [InlineData("/apps/app1", "/x/y", "/apps/app1/x/y")]
        public void ApplyChroot_PrefixesServerPath(string? chroot, string path, string expected)
        {
            Assert.Equal(expected, ZNodePath.ApplyChroot(chroot, path));
        }

        [Theory]
        [InlineData(null, "/a", "/a")]
        [InlineData("", "/a", "/a")]
        [InlineData("/", "/a", "/a")]
        [InlineData("/chroot", "/chroot", "/")]
        [InlineData("/chroot", "/chroot/x", "/x")]
        [InlineData("/apps/app1", "/apps/app1/x/y", "/x/y")]
        [InlineData("/chroot", "/chrootX/y", "/chrootX/y")]
        [InlineData("/chroot", "/other", "/other")]
        public void StripChroot_MapsServerPathBack(string? chroot, string serverPath, string expected)
        {
            Assert.Equal(expected, ZNodePath.StripChroot(chroot, serverPath));
        }

        [Theory]
        [InlineData("/chroot", "/")]
        [InlineData("/chroot", "/a/b")]
        [InlineData("/apps/app1", "/x")]
        public void Chroot_RoundTrips(string chroot, string path)
        {
            Assert.Equal(path, ZNodePath.StripChroot(chroot, ZNodePath.ApplyChroot(chroot, path)));
        }

        [Theory]
        [InlineData("/")]
        [InlineData("/chroot")]
        [InlineData("/apps/app1")]
        public void ValidateChroot_AcceptsValid(string chroot)
        {
            ZNodePath.ValidateChroot(chroot);
        }

        [Theory]
        [InlineData("")]
        [InlineData("chroot")]
        [InlineData("/chroot/")]
        [InlineData("/a//b")]
        [InlineData("/a/..")]
        [InlineData("/a\u007F")]
        public void ValidateChroot_RejectsInvalid(string chroot)
        {
            Assert.Throws<InvalidPathException>(() => ZNodePath.ValidateChroot(chroot));
        }
    }
}
