@echo off
rem Double-clicking a .toml form then opens it in jixiao: for this user only
rem (HKCU\Software\Classes; no administrator rights). "/remove" undoes it.
rem ASCII only: cmd reads this file in the console's code page.
"%~dp0python\python.exe" "%~dp0tools\winsetup.py" associate %*
pause
