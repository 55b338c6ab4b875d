[assembly: AssemblyFixture(typeof(HeatRelief.Tests.Infrastructure.AzuriteFixture))]
