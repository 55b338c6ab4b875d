using System.Text;
using HeatRelief.Api;
using Microsoft.AspNetCore.Http;

namespace HeatRelief.Tests.Unit;

/// <summary>Forms that cannot be read are a problem to answer with, never an exception (a 500).</summary>
public sealed class RequestBodiesTests
{
    [Theory]
    [InlineData("application/x-www-form-urlencoded", "key-over-100")]
    [InlineData("application/x-www-form-urlencoded", "fields-over-32")]
    [InlineData("application/x-www-form-urlencoded", "reason=a%00b")]
    [InlineData("multipart/form-data", "reason=x")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nx")]
    public async Task RequestBodies_ReadFormAsync_ReturnsProblemGivenUnreadableForm(string contentType, string body)
    {
        body = body switch
        {
            "key-over-100" => new string('k', 3000) + "=1",
            "fields-over-32" => string.Join("&", Enumerable.Range(0, 1500).Select(i => $"f{i}=1")),
            _ => body,
        };
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.ASCII.GetBytes(body));

        var (form, problem) = await RequestBodies.ReadFormAsync(context.Request, TestContext.Current.CancellationToken);

        problem.ShouldNotBeNull().ShouldStartWith("the form cannot be read");
        form.Count.ShouldBe(0);
    }

    [Fact]
    public async Task RequestBodies_ReadFormAsync_RefusesFormLargerThanMaxBytesBeforeReading()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.ContentLength = RequestBodies.MaxBytes + 1;
        context.Request.Body = new MemoryStream();

        (await RequestBodies.ReadFormAsync(context.Request, TestContext.Current.CancellationToken)).Problem.ShouldBe($"the form is larger than {RequestBodies.MaxBytes} bytes");
    }

    [Fact]
    public async Task RequestBodies_ReadFormAsync_ReadsSmallForm()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream("reason=Not+available"u8.ToArray());

        var (form, problem) = await RequestBodies.ReadFormAsync(context.Request, TestContext.Current.CancellationToken);

        problem.ShouldBeNull();
        form["reason"].ToString().ShouldBe("Not available");
    }
}
