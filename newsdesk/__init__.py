import os

# One BLAS thread per process, set before numpy loads (settings load before the apps): the product
# runs several processes (web workers, enrichment workers) on few cores, and OpenBLAS starting a
# thread per core in each made them fight over the cores. Measured with two enrichment workers on
# two cores (bench/enrichment_speed.py): 100 articles/s without this line, 108 with it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
