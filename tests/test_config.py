"""Settings: explicit argument, then BOT_* environment, then default; a wrong value is named in Chinese."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings

REPO = Path(__file__).resolve().parent.parent


def test_order_argument_then_environment_then_default(monkeypatch):
    monkeypatch.setenv("BOT_RATE_LIMIT", "5")
    monkeypatch.setenv("BOT_INDEX_DIR", "/tmp/from-env")
    s = Settings(index_dir="/tmp/explicit")
    assert s.rate_limit_per_min == 5 and s.index_dir == Path("/tmp/explicit") and s.port == 7860
    assert Settings(rate_limit_per_min=3).rate_limit_per_min == 3


@pytest.mark.parametrize("var,value,says", [
    ("BOT_PORT", "abc", "环境变量 BOT_PORT 的值“abc”不能用：应为整数"),
    ("BOT_PORT", "70000", "环境变量 BOT_PORT 的值“70000”不能用：应为不大于 65535 的数"),
    ("BOT_RATE_LIMIT", "-1", "环境变量 BOT_RATE_LIMIT 的值“-1”不能用：应为不小于 0 的数"),
    ("BOT_LLM_TIMEOUT_S", "soon", "环境变量 BOT_LLM_TIMEOUT_S 的值“soon”不能用：应为数字"),
    ("BOT_LOG_IPS", "maybe", "环境变量 BOT_LOG_IPS 的值“maybe”不能用：应为0 或 1"),
])
def test_a_wrong_value_names_the_variable_and_the_form(monkeypatch, var, value, says):
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError, match=says):
        Settings()


@pytest.mark.parametrize("command", [["app.py"], ["-m", "bot", "ask", "上半年资助了多少学生？"]])
def test_entry_points_exit_2_with_the_message_and_no_traceback(command):
    out = subprocess.run([sys.executable, *command], cwd=REPO, capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "BOT_PORT": "abc", "GRADIO_ANALYTICS_ENABLED": "False",
                              "HOME": "/tmp"})
    assert out.returncode == 2
    assert "BOT_PORT" in out.stderr and "应为整数" in out.stderr and "Traceback" not in out.stderr
