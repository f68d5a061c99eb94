/* bcryptprimitives.dll for the Windows test lane only (offline/wine_lane.py):
   Wine 8 lacks it, and pydantic-core's .pyd imports ProcessPrng from it.
   ProcessPrng over RtlGenRandom. Never shipped: Windows has its own. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len) { ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE; data += n; len -= n; }
  return TRUE;
}
