# Debian's libtorch calls BLAS through the alternatives system. The netlib reference BLAS is
# ~15x slower than OpenBLAS for our matmuls, so say so loudly at configure time.
# (The CLI repeats the check at start-up, because the alternative can change after a build.)
set(_semcot_blas_link /etc/alternatives/libblas.so.3-${CMAKE_LIBRARY_ARCHITECTURE})
if(EXISTS ${_semcot_blas_link})
    file(REAL_PATH ${_semcot_blas_link} _semcot_blas)
    if(_semcot_blas MATCHES "/blas/libblas")
        message(WARNING
            "\n*** BLAS is the netlib REFERENCE implementation (${_semcot_blas}).\n"
            "*** Matrix products will be ~15x slower. Install OpenBLAS:\n"
            "***   apt-get install libopenblas0-pthread\n")
    else()
        message(STATUS "BLAS: ${_semcot_blas}")
    endif()
endif()
