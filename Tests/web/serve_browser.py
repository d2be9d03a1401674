"""A person's walk through `kpi serve` in Debian's chromium, driven by chromium-driver and
Selenium: open the scoreboard, follow the link to a person, record an actual through the
form, see the new score. Prints one JSON line of what it saw; screenshots go to SHOTS.

usage: serve_browser.py URL SHOTS PERSON_NAME METRIC VALUE DATE
"""
import json
import os
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

url, shots, person, metric, value, date = sys.argv[1:7]


def find(name, candidates):
    for c in candidates:
        if os.path.exists(c):
            return c
    path = shutil.which(name)
    if not path:
        sys.exit(f"{name} not found (apt-get install -y chromium chromium-driver)")
    return path


profile = tempfile.mkdtemp(prefix="kpi-selenium-")
options = Options()
options.binary_location = find("chromium", ["/usr/bin/chromium", "/usr/bin/chromium-browser"])
for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1280,900", f"--user-data-dir={profile}", "--lang=en-US"]:
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service(find("chromedriver", ["/usr/bin/chromedriver"])), options=options)
seen = {}


def full_page(path):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 600), 4000))
    driver.save_screenshot(path)
    driver.set_window_size(1280, 900)


try:
    wait = WebDriverWait(driver, 20)
    driver.get(url)
    seen["scoreboard_title"] = driver.title
    full_page(os.path.join(shots, "scoreboard.png"))
    driver.find_element(By.LINK_TEXT, person).click()
    wait.until(EC.presence_of_element_located((By.ID, "record-form")))
    seen["person_url"] = driver.current_url
    seen["score_before"] = driver.find_element(By.CSS_SELECTOR, ".subject-score").text
    form = driver.find_element(By.ID, "record-form")
    Select(form.find_element(By.NAME, "metric")).select_by_value(metric)
    form.find_element(By.NAME, "value").send_keys(value)
    form.find_element(By.NAME, "date").send_keys(date)
    form.find_element(By.NAME, "note").send_keys("recorded in the browser")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "p.done")))
    seen["done"] = driver.find_element(By.CSS_SELECTOR, "p.done").text
    seen["score_after"] = driver.find_element(By.CSS_SELECTOR, ".subject-score").text
    seen["changed_notice_hidden"] = driver.find_element(By.ID, "changed").get_attribute("hidden") is not None
    full_page(os.path.join(shots, "person.png"))
finally:
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
print(json.dumps(seen))
