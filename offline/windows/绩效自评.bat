@echo off
rem Double-click to start jixiao (or: drop a .toml form on it; the .toml
rem association of tools\winsetup.py runs it with the form). Opens Windows
rem Terminal where present, else a console window titled "jixiao", whose code
rem page (65001, UTF-8) and Chinese font tools\winsetup.py sets under
rem HKCU\Console\jixiao for this user. ASCII only: cmd reads this file in the
rem console's code page.
setlocal
if "%~1"=="--in-window" goto run
"%~dp0python\python.exe" "%~dp0tools\winsetup.py" console >nul 2>&1
where wt.exe >nul 2>&1 || goto console
start "" wt.exe --title jixiao cmd /c ""%~f0" --in-window "%~1""
exit /b 0
:console
start "jixiao" cmd /c ""%~f0" --in-window "%~1""
exit /b 0

:run
chcp 65001 >nul
if "%~2"=="" goto noform
"%~dp0python\python.exe" -m jixiao "%~2"
goto done
:noform
"%~dp0python\python.exe" -m jixiao
:done
if errorlevel 1 pause
