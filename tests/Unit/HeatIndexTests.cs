using HeatRelief.Heat;

namespace HeatRelief.Tests.Unit;

/// <summary>NWS heat index: simple formula, Rothfusz regression, its two adjustments, and the Celsius wrapper. Expected values were computed independently in Python from the NWS formulas, not by calling HeatIndex.</summary>
public sealed class HeatIndexTests
{
    [Fact]
    public void HeatIndex_Fahrenheit_UsesSimpleFormulaWhenMeanWithTemperatureIsBelow80()
    {
        // simple = 0.5 * (70 + 61 + 2 * 1.2 + 50 * 0.094) = 69.05; (69.05 + 70) / 2 < 80.
        HeatIndex.Fahrenheit(70, 50).ShouldBe(69.05, 1e-9);
    }

    [Fact]
    public void HeatIndex_Fahrenheit_StaysOnSimpleFormulaJustBelowTheSwitch()
    {
        // simple = 79.58 and (79.58 + 80) / 2 = 79.79 < 80, so the regression is not used even at 80 F.
        HeatIndex.Fahrenheit(80, 40).ShouldBe(79.58, 1e-9);
    }

    [Fact]
    public void HeatIndex_Fahrenheit_UsesRothfuszRegressionAtNwsTablePoint()
    {
        // The NWS table reads 100 F for 90 F / 60 %; the regression gives 99.6777.
        HeatIndex.Fahrenheit(90, 60).ShouldBe(99.677718, 0.01);
    }

    [Fact]
    public void HeatIndex_Fahrenheit_SubtractsLowHumidityAdjustment()
    {
        // Regression 94.7526 minus (13 - 10) / 4 * sqrt((17 - |100 - 95|) / 17) = 0.6301.
        HeatIndex.Fahrenheit(100, 10).ShouldBe(94.122483, 0.01);
    }

    [Fact]
    public void HeatIndex_Fahrenheit_AddsHighHumidityAdjustment()
    {
        // Regression 101.5808 plus (90 - 85) / 10 * (87 - 85) / 5 = 0.2.
        HeatIndex.Fahrenheit(85, 90).ShouldBe(101.780804, 0.01);
    }

    [Fact]
    public void HeatIndex_Fahrenheit_ClampsHumidityAbove100()
    {
        HeatIndex.Fahrenheit(90, 140).ShouldBe(HeatIndex.Fahrenheit(90, 100), 1e-9);
    }

    [Fact]
    public void HeatIndex_Celsius_ConvertsThroughFahrenheit()
    {
        // 30 C = 86 F; regression at 86 F / 70 % = 95.0684 F = 35.0380 C.
        HeatIndex.Celsius(30, 70).ShouldBe(35.038018, 0.01);
    }

    [Fact]
    public void HeatIndex_Celsius_UsesSimpleFormulaForMildDays()
    {
        // 20 C = 68 F; simple = 0.5 * (68 + 61 + 0 + 4.7) = 66.85 F = 19.3611 C.
        HeatIndex.Celsius(20, 50).ShouldBe(19.361111, 1e-6);
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(100, 212)]
    [InlineData(-40, -40)]
    [InlineData(37, 98.6)]
    public void HeatIndex_CelsiusToFahrenheit_ConvertsKnownPoints(double celsius, double fahrenheit)
    {
        HeatIndex.CelsiusToFahrenheit(celsius).ShouldBe(fahrenheit, 1e-9);
        HeatIndex.FahrenheitToCelsius(fahrenheit).ShouldBe(celsius, 1e-9);
    }
}
