package org.noticecascade.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven as a clerk would use Tasklist and Cockpit. The browser and its driver are the
 * system's (/usr/bin/chromium, /usr/bin/chromedriver); if they are missing the test fails, it never skips.
 */
final class Browser implements AutoCloseable {

  static final String CHROMIUM = System.getProperty("e2e.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "e2e-screenshots");

  final WebDriver driver;
  private final String base;
  private int shot;

  Browser(String base) {
    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      throw new IllegalStateException("浏览器测试需要 " + CHROMIUM + " 和 " + CHROMEDRIVER
          + "（apt-get install chromium chromium-driver fonts-noto-cjk）");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1400,1000", "--lang=zh-CN");
    // a Chinese clerk's browser: the webapps choose their language from it
    options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "zh-CN,zh"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort().build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    // navigator.language too: form-js shows and parses dates in the browser's locale (2026/11/30 in zh-CN)
    chrome.executeCdpCommand("Emulation.setLocaleOverride", java.util.Map.of("locale", "zh-CN"));
    this.driver = chrome;
    this.base = base;
  }

  /**
   * How long a page may take to show what is awaited: generous, since CI machines are shared and a webapp's first
   * load (several MB of scripts) can take long there; a passing test does not wait it out.
   */
  static final int PATIENCE = 60;

  WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds));
  }

  WebElement find(By by) {
    return waitUpTo(PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Clicks what {@code by} finds, finding it again if Angular or form-js re-rendered it meanwhile. */
  void click(By by) {
    for (int attempt = 0; ; attempt++) {
      try {
        WebElement element = waitUpTo(PATIENCE).until(ExpectedConditions.elementToBeClickable(by));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
        return;
      } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
        if (attempt == 3) {
          throw rerendered;
        }
      }
    }
  }

  static By text(String tag, String text) {
    return By.xpath("//" + tag + "[contains(normalize-space(.), '" + text + "')]");
  }

  /** A form-js field by its key (its id ends with Field_<key>). */
  static By field(String key) {
    return By.cssSelector("[id$='Field_" + key + "']");
  }

  /** Replaces a field's text as a person would (select all, type); form-js may re-render the field meanwhile. */
  void type(String key, String value) {
    for (int attempt = 0; ; attempt++) {
      try {
        WebElement element = find(field(key));
        element.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        element.sendKeys(value);
        return;
      } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
        if (attempt == 3) {
          throw rerendered;
        }
      }
    }
  }

  /** Dates are typed as the field shows them (2026/11/30), then Tab: Escape would close Tasklist's dialog. */
  void date(String key, String yyyySlashMmSlashDd) {
    WebElement element = find(By.cssSelector("[id$='Field_" + key + "-date']"));
    element.click();
    element.sendKeys(yyyySlashMmSlashDd);
    element.sendKeys(Keys.TAB);
  }

  /**
   * Logs in through the webapp's form. On a busy CI machine the form may be drawn again while the keys are typed
   * (a CI run once stayed on the login page with the fields empty), so a form still showing after a while is
   * filled in again; a wrong password would still fail after the last attempt.
   */
  void login(String app, String user) {
    driver.manage().deleteAllCookies();
    driver.get(base + "/camunda/app/" + app + "/default/#/login");
    for (int attempt = 1; ; attempt++) {
      WebElement name = find(By.cssSelector("input[type=text]"));
      name.clear();
      name.sendKeys(user);
      WebElement password = find(By.cssSelector("input[type=password]"));
      password.clear();
      password.sendKeys("demo");
      password.sendKeys(Keys.ENTER);
      try {
        waitUpTo(attempt < 3 ? 20 : PATIENCE).until(d -> !d.getCurrentUrl().contains("/login"));
        return;
      } catch (org.openqa.selenium.TimeoutException | org.openqa.selenium.StaleElementReferenceException stillThere) {
        if (attempt == 3) {
          throw stillThere;
        }
        if (!driver.getCurrentUrl().contains("/login")) {
          return;
        }
      }
    }
  }

  /** Opens a task of the unit's list by name, reloading while the job executor is still creating it. */
  void openTask(String name) {
    By task = By.xpath("//*[contains(@class,'tasks-list')]//*[normalize-space(text())='" + name + "']");
    for (int attempt = 0; attempt < 15; attempt++) {
      List<WebElement> found = driver.findElements(task);
      if (!found.isEmpty()) {
        click(task);
        find(By.cssSelector(".fjs-container"));
        return;
      }
      sleep(2000);
      driver.navigate().refresh();
      sleep(2000);
    }
    throw new AssertionError("任务“" + name + "”没有出现在任务列表中");
  }

  void claim() {
    List<WebElement> claim = driver.findElements(By.xpath("//button[normalize-space(.)='认领']"));
    if (!claim.isEmpty()) {
      claim.get(0).click();
      waitUpTo(20).until(ExpectedConditions.invisibilityOfElementLocated(By.xpath("//button[normalize-space(.)='认领']")));
    }
  }

  WebElement completeButton() {
    return find(By.cssSelector("button[ng-click='complete()']"));
  }

  void complete() {
    click(By.cssSelector("button[ng-click='complete()']"));
    // the form leaves the page once the engine has taken it
    waitUpTo(20).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".fjs-container")));
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SHOTS);
      File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(file.toPath(), SHOTS.resolve(String.format("%02d-%s.png", ++shot, name)),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void scrollTo(WebElement element) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'})", element);
  }

  /** A phone's screen: 390×844 CSS pixels at twice the density (an iPhone 12 to 14), touch, mobile layout. */
  void phone() {
    ChromeDriver chrome = (ChromeDriver) driver;
    chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        java.util.Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    chrome.executeCdpCommand("Emulation.setTouchEmulationEnabled", java.util.Map.of("enabled", true));
  }

  void desktop() {
    ChromeDriver chrome = (ChromeDriver) driver;
    chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
    chrome.executeCdpCommand("Emulation.setTouchEmulationEnabled", java.util.Map.of("enabled", false));
  }

  /** The whole page, not just what the window shows (up to {@code maxHeight} CSS pixels). */
  void fullScreenshot(String name, int maxHeight) {
    ChromeDriver chrome = (ChromeDriver) driver;
    Number width = (Number) chrome.executeScript("return document.documentElement.scrollWidth");
    Number height = (Number) chrome.executeScript("return document.documentElement.scrollHeight");
    java.util.Map<String, Object> clip = java.util.Map.of("x", 0, "y", 0, "width", width.intValue(),
        "height", Math.min(height.intValue(), maxHeight), "scale", 1);
    java.util.Map<String, Object> result = chrome.executeCdpCommand("Page.captureScreenshot",
        java.util.Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    try {
      Files.createDirectories(SHOTS);
      Files.write(SHOTS.resolve(String.format("%02d-%s.png", ++shot, name)),
          java.util.Base64.getDecoder().decode((String) result.get("data")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
