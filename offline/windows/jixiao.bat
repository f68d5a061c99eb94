@echo off
rem jixiao from a console, with the Python inside this bundle (no installation,
rem no network): jixiao.bat FORM.toml, jixiao.bat check FORM.toml, jixiao.bat score ...
rem ASCII only: cmd reads this file in the console's code page. Python prints
rem Chinese to the console whatever its code page (jixiao writes UTF-8 to pipes).
"%~dp0python\python.exe" -m jixiao %*
